/** The Account resource: the wallet (no job is submitted, so none of the wait settings apply). */
export const ACCOUNT_RESOURCE = 'account';
export const GET_BALANCE = 'getBalance';

export const accountResource = {
	name: 'Account',
	value: ACCOUNT_RESOURCE,
	description: "Your ModelsLab wallet's balance",
};

export const accountOperations = [
	{
		name: 'Get Balance',
		value: GET_BALANCE,
		action: 'Get the wallet balance',
		description:
			"Read the ModelsLab wallet's balance and currency (POST /wallet_balance, which costs nothing)",
	},
];
