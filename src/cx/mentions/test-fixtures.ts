/** What the mention peer serves in the tests (mentions.test.ts): real formats, real-sounding posts. */

export const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Городской форум</title><link>https://forum.example/</link><description>Обсуждения</description>
  <item>
    <guid isPermaLink="false">forum-101</guid>
    <link>https://forum.example/t/101?utm_source=rss</link>
    <title>Магазин на Тверской</title>
    <description><![CDATA[<p>Купила <b>гнилые</b> помидоры в магазине на Тверской &amp; кассир нагрубил.<br/>Верните деньги!</p><script>alert(1)</script>]]></description>
    <author>olga@client.example (Ольга)</author>
    <pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate>
  </item>
  <item>
    <guid isPermaLink="false">forum-102</guid>
    <link>https://forum.example/t/102</link>
    <title>Доставка</title>
    <description>Курьер привёз заказ вовремя, отличный сервис</description>
    <pubDate>Mon, 30 Nov 2026 11:00:00 GMT</pubDate>
  </item>
</channel></rss>`;

export const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Grocery blog</title><link href="https://blog.example/"/><id>urn:blog</id><updated>2026-11-30T12:00:00Z</updated>
  <entry>
    <id>urn:blog:1</id><title>Weekend shopping</title>
    <link href="https://blog.example/2026/weekend"/>
    <updated>2026-11-30T12:00:00Z</updated>
    <author><name>Sam Writer</name></author>
    <content type="html">&lt;p&gt;The bakery section is great, I &lt;em&gt;love&lt;/em&gt; the rye bread.&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>urn:blog:2</id><title>Same post as the forum</title>
    <link href="https://www.forum.example/t/101#comments"/>
    <updated>2026-11-30T12:30:00Z</updated>
    <content type="text">A repost of the forum thread.</content>
  </entry>
</feed>`;

export const TELEGRAM = JSON.stringify({
  channel: { id: -1001234567890, username: 'GroceryNews', title: 'Новости продуктовых', subscribers: 25_000 },
  messages: [
    { id: 501, date: 1764496800, text: 'Сеть открыла новый магазин у метро. Очереди, но цены отличные.', views: 4000 },
    {
      id: 502,
      date: '2026-11-30T11:00:00Z',
      html: 'Читатель пишет: <i>ужасная доставка</i>, ждал три часа',
      author: { id: 777001, username: 'ivan_reader', name: 'Иван' },
    },
  ],
});

export const VK_TOKEN = 'vk1.a.secret-token-value';
export const vkAnswer = (body: string) =>
  body.includes(`access_token=${encodeURIComponent(VK_TOKEN)}`)
    ? JSON.stringify({
        response: {
          count: 2,
          items: [
            {
              id: 11,
              owner_id: 5005,
              from_id: 5005,
              date: 1764500400,
              post_type: 'post',
              text: 'Ужасный сервис в магазине на Тверской, больше не приду',
            },
            {
              id: 12,
              owner_id: -300,
              from_id: -300,
              date: 1764504000,
              post_type: 'post',
              text: 'Подборка акций недели от сети<br>Скидки на молоко',
            },
          ],
          profiles: [
            { id: 5005, first_name: 'Пётр', last_name: 'Смирнов', screen_name: 'petr_s', followers_count: 120 },
          ],
          groups: [{ id: 300, name: 'Скидки города', screen_name: 'city_sales', members_count: 54_000 }],
        },
      })
    : JSON.stringify({ error: { error_code: 5, error_msg: 'User authorization failed: invalid access_token (4).' } });

export const REVIEWS = JSON.stringify({
  reviews: [
    {
      id: 'r-1',
      url: 'https://reviews.example/shop/r-1',
      rating: 1,
      title: 'Плохо',
      text: 'Продали просроченный творог, верните деньги',
      publishedAt: '2026-11-30T09:00:00Z',
      author: { id: 'u-9', name: 'Marina K.', followers: 15 },
    },
  ],
});
