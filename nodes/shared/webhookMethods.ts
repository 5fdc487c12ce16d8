/**
 * Webhook lifecycle for URLs that nothing registers with a third party: ModelsLab takes the
 * callback URL in each request (and a resume URL belongs to one execution), so activating a
 * workflow has nothing to create, check or delete.
 */
export const unregisteredWebhookMethods = {
	default: {
		async checkExists(): Promise<boolean> {
			return true;
		},
		async create(): Promise<boolean> {
			return true;
		},
		async delete(): Promise<boolean> {
			return true;
		},
	},
};
