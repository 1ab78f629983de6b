/** Install snippets for a source. `origin` is where this server is reached, as the browser sees it. */

export const serverOrigin = () => window.location.origin;

export const browserSnippet = (writeKey: string, origin = serverOrigin()) =>
  `<script src="${origin}/sdk.js"></script>
<script>
  kartoteka.load('${writeKey}');
  kartoteka.page();
</script>`;

export const nodeSnippet = (writeKey: string, origin = serverOrigin()) =>
  `// npm install @segment/analytics-node
import { Analytics } from '@segment/analytics-node';

const analytics = new Analytics({ writeKey: '${writeKey}', host: '${origin}' });

analytics.identify({ userId: 'u-123', traits: { email: 'anna@example.com', name: 'Anna' } });
analytics.track({ userId: 'u-123', event: 'Order Completed', properties: { revenue: 4990, currency: 'RUB' } });`;

export const curlSnippet = (writeKey: string, origin = serverOrigin()) =>
  `curl ${origin}/v1/track \\
  -u '${writeKey}:' \\
  -H 'Content-Type: application/json' \\
  -d '{"anonymousId": "test-visitor-1", "event": "Test Event", "properties": {"hello": "world"}}'`;
