import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export class ModelsLabApi implements ICredentialType {
	name = 'modelsLabApi';

	displayName = 'ModelsLab API';

	icon: Icon = {
		light: 'file:../nodes/ModelsLab/modelslab.svg',
		dark: 'file:../nodes/ModelsLab/modelslab.dark.svg',
	};

	documentationUrl = 'https://docs.modelslab.com/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Your ModelsLab API key, from https://modelslab.com/dashboard/api-keys. Enterprise server keys go here too.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://modelslab.com/api',
			required: true,
			placeholder: 'https://modelslab.com/api',
			description:
				'Where ModelsLab answers. Change it only for an enterprise server or a local ModelsLab simulator (for example http://127.0.0.1:4010/api).',
		},
	];

	// ModelsLab reads the key from the JSON body on generation and fetch endpoints and from a `key`
	// header on the workflows API; its own CLI sends both, so we do too.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			body: { key: '={{$credentials.apiKey}}' },
			headers: { key: '={{$credentials.apiKey}}' },
		},
	};

	// wallet_balance costs nothing and needs a valid key.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/wallet_balance',
			method: 'POST',
			json: true,
		},
		// ModelsLab documents a 400 with {status:"error", message} for a bad key; 401 is the
		// code of its error page. n8n's test shows these messages; it cannot show the body's.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 400,
					message:
						'ModelsLab rejected the API key. Copy it again from https://modelslab.com/dashboard/api-keys.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'ModelsLab rejected the API key (Invalid API key). Copy it again from https://modelslab.com/dashboard/api-keys.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Nothing answers /wallet_balance at this Base URL. Check that it ends in /api, e.g. https://modelslab.com/api.',
				},
			},
		],
	};
}
