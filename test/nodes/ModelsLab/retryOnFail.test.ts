/**
 * n8n's node setting Retry On Fail reruns the whole node with the same items (n8n-core's
 * WorkflowExecute, which the harness runs): a submitting operation refuses it before anything is
 * sent, so a retry cannot submit a paid job a second time; Get Result, which only reads, keeps it.
 * The real-n8n counterpart is test/e2e/retryOnFail.e2e.test.ts.
 */
import nock from 'nock';
import type { INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { chain, runWorkflow } from '../../harness';
import { API, startN8n, TEXT2IMG_SUBMIT, textToImage, useNock } from '../setup';
import type { TestN8n } from '../setup';

useNock();

let env: TestN8n;
beforeAll(async () => {
	env = await startN8n();
});

/** Start → ModelsLab (Retry On Fail on, 3 tries 1 ms apart, plus `node`) → Success. */
async function run(
	parameters: INodeParameters,
	node: Partial<INode> = {},
	items: INodeExecutionData[] = [{ json: {} }],
) {
	return await runWorkflow({
		instance: env.n8n,
		nodes: [
			{ name: 'Start', type: 'manualStart' },
			{
				name: 'ModelsLab',
				type: 'modelsLab',
				typeVersion: 1,
				parameters,
				retryOnFail: true,
				maxTries: 3,
				waitBetweenTries: 1,
				...node,
			},
			{ name: 'Success', type: 'noOp' },
		],
		connections: { ...chain('Start', 'ModelsLab', 'Success') },
		inputItems: items,
	});
}

describe('Retry On Fail', () => {
	test("a submitting operation refuses it and sends nothing, on every one of n8n's tries", async () => {
		let submits = 0;
		nock(API)
			.post(TEXT2IMG_SUBMIT)
			.times(10)
			.reply(() => {
				submits++;
				return [500, { status: 'error', message: 'Internal server error' }];
			});
		const handle = await run(textToImage({ waitMode: 'poll' }) as INodeParameters, {}, [
			{ json: {} },
			{ json: {} },
		]);
		expect(handle.status).toBe('error');
		expect(handle.error?.message).toBe(
			"Turn off Retry On Fail in this node's Settings: n8n's retry would submit new paid ModelsLab jobs",
		);
		expect(handle.error?.description).toMatch(/Nothing was sent\./);
		expect(handle.error?.description).toMatch(/On Error › Continue \(using error output\)/);
		expect(submits).toBe(0);
	});

	test.each(['callback', 'poll', 'none'])(
		'wait mode %s: refused the same way',
		async (waitMode) => {
			const handle = await run(textToImage({ waitMode }) as INodeParameters);
			expect(handle.status).toBe('error');
			expect(handle.error?.message).toMatch(/^Turn off Retry On Fail/);
		},
	);

	test('with On Error › Continue the item carries the refusal, and still nothing is sent', async () => {
		const handle = await run(textToImage({ waitMode: 'poll' }) as INodeParameters, {
			onError: 'continueRegularOutput',
		});
		expect(handle.status).toBe('success');
		expect(handle.outputOf('ModelsLab')[0].json).toMatchObject({
			status: 'failed',
			error: expect.stringMatching(/^Turn off Retry On Fail/),
			errorDescription: expect.stringMatching(/Nothing was sent/),
		});
	});

	test('without Retry On Fail the node runs as before', async () => {
		nock(API)
			.post(TEXT2IMG_SUBMIT)
			.reply(500, { status: 'error', message: 'Internal server error' });
		const handle = await run(textToImage({ waitMode: 'poll' }) as INodeParameters, {
			retryOnFail: false,
		});
		expect(handle.status).toBe('error');
		expect(handle.error?.message).not.toMatch(/Retry On Fail/);
		expect(nock.isDone()).toBe(true);
	});

	test("Get Result only reads, so it keeps n8n's retry: a failing fetch is asked once per try", async () => {
		let fetches = 0;
		nock(API)
			.post('/api/v6/images/fetch/nope')
			.times(10)
			.reply(() => {
				fetches++;
				return [404, { status: 'error', message: 'Request not found' }];
			});
		const handle = await run(
			{ resource: 'job', operation: 'getResult', requestId: 'nope', fetchCategory: 'imagesV6' },
			{ maxTries: 2 },
		);
		expect(handle.status).toBe('error');
		expect(handle.error?.message).toBe('ModelsLab: Request not found');
		// n8n's retry ran the node twice: the refusal above is what keeps submits from repeating.
		expect(fetches).toBe(2);
	});
});
