/**
 * Jest runs many test files in one process, each with its own copy of nock, and every copy that is
 * loaded puts an interceptor on Node's http. One left behind by an earlier file sits under the next
 * file's and cuts streamed bodies short (test/nodes/shared/downloads.test.ts), so every file
 * takes its interceptor away when it ends.
 */
import nock from 'nock';

afterAll(() => {
	nock.restore();
});
