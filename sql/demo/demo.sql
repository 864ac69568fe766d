-- demo.sql: demo data for `sodan demo` (idempotent).  Categories drawn from
-- what exchange users ask about, a staff member, a moderator, an admin and
-- a handful of realistic threads in Japanese and English.  The demo
-- accounts' password (sodan-demo-2026, see README) is stored as its
-- argon2id hash (libsodium crypto_pwhash_str, interactive limits) and the
-- staff's two-step secret as is: this script gives them to its own
-- accounts only, never to other accounts of the database.  Bodies are
-- Markdown, cooked by `sodan demo` after this script.

INSERT INTO categories (slug, name_ja, name_en, description_ja, description_en, position) VALUES
 ('account', 'アカウント・ログイン', 'Account & Login',
  '登録、本人確認、ログインできない、アカウントのロック。', 'Sign-up, identity checks, trouble signing in, locked accounts.', 1),
 ('deposits', '入出金・送金', 'Deposits & Withdrawals',
  '日本円・暗号資産の入金と出金、送金先の間違い、着金の遅れ。', 'Yen and crypto deposits and withdrawals, wrong addresses, delays.', 2),
 ('security', 'セキュリティ・二段階認証', 'Security & 2FA',
  '二段階認証、不審なログイン、詐欺の見分け方。', 'Two-factor authentication, suspicious sign-ins, spotting scams.', 3),
 ('trading', '取引・注文', 'Trading & Orders',
  '注文方法、手数料、約定しない注文。', 'Order types, fees, orders that do not fill.', 4),
 ('tax', '税金・確定申告', 'Tax & Filing',
  '損益計算、取引履歴のダウンロード、確定申告。', 'Profit and loss, trade history exports, filing taxes.', 5),
 ('api', 'API・開発者', 'API & Developers',
  'API キー、レート制限、エラーコード、WebSocket。', 'API keys, rate limits, error codes, WebSocket.', 6)
ON CONFLICT (slug) DO NOTHING;

-- The demo password's hash and the staff's two-step secret, given to these
-- accounts only (staff, moderator and admin get the secret).  coin_helper is
-- a two-day-old account whose "recovery" offer the filters held (the demo
-- shows it to this account and to moderators only).
INSERT INTO users (username, username_key, display_name, role, trust_level, lang, created_at, password_hash, totp_secret)
SELECT v.name, v.name, v.display, v.role, v.trust, v.lang, now() - v.age, d.pw,
       CASE WHEN v.role <> 'user' THEN d.totp END
FROM (VALUES
 ('sato_staff', 'サポート 佐藤', 'staff', 3, 'ja', interval '400 days'),
 ('emma_staff', 'Emma (Support)', 'staff', 3, 'en', interval '380 days'),
 ('mod_tanaka', '田中（モデレーター）', 'moderator', 3, 'ja', interval '350 days'),
 ('admin', '管理者', 'admin', 3, 'ja', interval '420 days'),
 ('kenji_t', 'けんじ', 'user', 2, 'ja', interval '200 days'),
 ('yuki88', 'ゆき', 'user', 1, 'ja', interval '60 days'),
 ('mike_trader', 'Mike', 'user', 2, 'en', interval '150 days'),
 ('hanako_w', 'はなこ', 'user', 1, 'ja', interval '20 days'),
 ('coin_helper', 'coin_helper', 'user', 0, 'ja', interval '2 days')
) AS v(name, display, role, trust, lang, age),
(SELECT '$argon2id$v=19$m=65536,t=2,p=1$vzOSpYhqI/suHclqeSm0Ow$1MyZgRd65ms97m8vW4F4LkN0woGu3oaHFS94YYbxoPE'::text AS pw,
        'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'::text AS totp) AS d
ON CONFLICT (username_key) DO NOTHING;

DO $demo$
DECLARE
	c_account int; c_deposits int; c_security int; c_trading int; c_tax int; c_api int;
	u_sato bigint; u_emma bigint; u_kenji bigint; u_yuki bigint; u_mike bigint; u_hanako bigint;
	t bigint; p bigint;
	u_mod bigint; u_new bigint; t_wd bigint; q3 bigint; t3 bigint;
BEGIN
	IF EXISTS (SELECT 1 FROM threads) THEN
		RETURN;
	END IF;
	SELECT id INTO c_account FROM categories WHERE slug = 'account';
	SELECT id INTO c_deposits FROM categories WHERE slug = 'deposits';
	SELECT id INTO c_security FROM categories WHERE slug = 'security';
	SELECT id INTO c_trading FROM categories WHERE slug = 'trading';
	SELECT id INTO c_tax FROM categories WHERE slug = 'tax';
	SELECT id INTO c_api FROM categories WHERE slug = 'api';
	SELECT id INTO u_sato FROM users WHERE username_key = 'sato_staff';
	SELECT id INTO u_emma FROM users WHERE username_key = 'emma_staff';
	SELECT id INTO u_kenji FROM users WHERE username_key = 'kenji_t';
	SELECT id INTO u_yuki FROM users WHERE username_key = 'yuki88';
	SELECT id INTO u_mike FROM users WHERE username_key = 'mike_trader';
	SELECT id INTO u_hanako FROM users WHERE username_key = 'hanako_w';

	-- 1. Withdrawal to a wrong network: official answer.
	INSERT INTO threads (category_id, author_id, title, lang, has_official, answer_count, created_at, last_activity_at)
	VALUES (c_deposits, u_yuki, '送金先のネットワークを間違えてしまいました。取り戻せますか？', 'ja', true, 2,
		now() - interval '3 days', now() - interval '2 days') RETURNING id INTO t;
	INSERT INTO posts (thread_id, author_id, kind, body_md, created_at) VALUES (t, u_yuki, 'question',
E'USDT を出金するときに、送金先のネットワークを **ERC20** ではなく **TRC20** で送ってしまいました。\n\n送金先は別の取引所の入金アドレスです。着金していません。取り戻す方法はありますか？', now() - interval '3 days');
	INSERT INTO posts (thread_id, author_id, kind, body_md, created_at) VALUES (t, u_sato, 'official',
E'ご不安をおかけしております。\n\n1. まず送金先の取引所のサポートに、**トランザクション ID** を添えて「誤ったネットワークでの入金」の救済ができるか問い合わせてください。\n2. 当社から送った取引の記録は「入出金履歴」から確認できます。\n\n当社のスタッフがお電話や Telegram で連絡することは**ありません**。「取り戻せる」と個別に連絡してくる人は詐欺です。', now() - interval '2 days');
	INSERT INTO posts (thread_id, author_id, kind, body_md, created_at) VALUES (t, u_kenji, 'answer',
E'私も同じ経験があります。送金先の取引所が対応してくれて、手数料を払って戻ってきました。二週間くらいかかりました。', now() - interval '2 days');

	-- 2. 2FA lost phone: staff-verified community answer, accepted.
	INSERT INTO threads (category_id, author_id, title, lang, has_verified, answer_count, created_at, last_activity_at)
	VALUES (c_security, u_hanako, '機種変更で二段階認証アプリが使えなくなりました', 'ja', true, 1,
		now() - interval '6 days', now() - interval '5 days') RETURNING id INTO t;
	INSERT INTO posts (thread_id, author_id, kind, body_md, created_at) VALUES (t, u_hanako, 'question',
E'スマホを機種変更したら、Google Authenticator のコードが出なくなり、ログインできません。バックアップのリカバリーコードも見つかりません。どうすればいいですか？', now() - interval '6 days');
	INSERT INTO posts (thread_id, author_id, kind, body_md, verified_by, verified_at, created_at) VALUES (t, u_kenji, 'answer',
E'ログイン画面の「二段階認証を利用できない場合」から**二段階認証のリセット申請**ができます。本人確認書類と自撮りの提出が必要で、審査に数日かかります。\n\n新しい端末では、認証アプリの「アカウントの移行」機能を使うと次回から楽です。', u_sato, now() - interval '5 days', now() - interval '5 days') RETURNING id INTO p;
	UPDATE threads SET accepted_post_id = p WHERE id = t;

	-- 3. English: API rate limit, accepted community answer.
	INSERT INTO threads (category_id, author_id, title, lang, answer_count, created_at, last_activity_at)
	VALUES (c_api, u_mike, 'Getting HTTP 429 from the private API when polling orders', 'en', 1,
		now() - interval '8 days', now() - interval '7 days') RETURNING id INTO t;
	INSERT INTO posts (thread_id, author_id, kind, body_md, created_at, updated_at, revision, edited_by) VALUES (t, u_mike, 'question',
E'My bot polls `GET /v1/me/orders` every 200 ms and I keep getting **429 Too Many Requests**. What is the limit, and is there a better way to follow order updates?', now() - interval '8 days',
		now() - interval '8 days' + interval '20 minutes', 2, u_mike) RETURNING id INTO q3;
	-- The asker edited the question once: the history page shows the diff.
	INSERT INTO post_revisions (post_id, revision, editor_id, title, tags, body_md, created_at, public) VALUES
	 (q3, 1, u_mike, 'Getting HTTP 429 from the private API when polling orders', '{api,ratelimit,websocket}',
E'My bot polls the orders endpoint and I keep getting 429 errors. What is the limit?', now() - interval '8 days', true),
	 (q3, 2, u_mike, 'Getting HTTP 429 from the private API when polling orders', '{api,ratelimit,websocket}',
E'My bot polls `GET /v1/me/orders` every 200 ms and I keep getting **429 Too Many Requests**. What is the limit, and is there a better way to follow order updates?', now() - interval '8 days' + interval '20 minutes', true);
	t3 := t;
	INSERT INTO posts (thread_id, author_id, kind, body_md, score, created_at) VALUES (t, u_kenji, 'answer',
E'The private REST API is limited per API key. Instead of polling, subscribe to the private WebSocket channel for order events, and back off when you see `Retry-After`:\n\n```python\nif resp.status_code == 429:\n    time.sleep(int(resp.headers.get("Retry-After", "1")))\n```', 3, now() - interval '7 days') RETURNING id INTO p;
	UPDATE threads SET accepted_post_id = p WHERE id = t;

	-- 4. English: a suspicious "support" call (security), official answer.
	INSERT INTO threads (category_id, author_id, title, lang, has_official, answer_count, pinned, created_at, last_activity_at)
	VALUES (c_security, u_mike, 'Someone called me claiming to be exchange support. Is this real?', 'en', true, 1, true,
		now() - interval '10 days', now() - interval '9 days') RETURNING id INTO t;
	INSERT INTO posts (thread_id, author_id, kind, body_md, created_at) VALUES (t, u_mike, 'question',
E'I got a call from a number saying my account was compromised and that I must "verify my wallet" by reading out my recovery phrase. Is this really the exchange?', now() - interval '10 days');
	INSERT INTO posts (thread_id, author_id, kind, body_md, created_at) VALUES (t, u_emma, 'official',
E'No. **We never call you, and nobody from the exchange will ever ask for your password, recovery phrase or private key.** Hang up, do not share anything, and report the number here so moderators can warn others.\n\nOur only help channel is the support form on the website, reached from the Help menu.', now() - interval '9 days');

	-- 5. Tax: unanswered Japanese question.
	INSERT INTO threads (category_id, author_id, title, lang, answer_count, created_at, last_activity_at)
	VALUES (c_tax, u_kenji, '年間取引報告書はいつダウンロードできますか？', 'ja', 0,
		now() - interval '1 day', now() - interval '1 day') RETURNING id INTO t;
	INSERT INTO posts (thread_id, author_id, kind, body_md, created_at) VALUES (t, u_kenji, 'question',
E'確定申告の準備をしています。2025 年分の年間取引報告書はいつ頃ダウンロードできるようになりますか？ 損益計算に使う CSV も欲しいです。', now() - interval '1 day');

	-- 6. Account: locked after password attempts, one answer.
	INSERT INTO threads (category_id, author_id, title, lang, answer_count, created_at, last_activity_at)
	VALUES (c_account, u_yuki, 'パスワードを何度も間違えてアカウントがロックされました', 'ja', 1,
		now() - interval '12 hours', now() - interval '10 hours') RETURNING id INTO t;
	INSERT INTO posts (thread_id, author_id, kind, body_md, created_at) VALUES (t, u_yuki, 'question',
E'ログインのパスワードを何回か間違えたら「アカウントがロックされました」と表示されました。いつ解除されますか？', now() - interval '12 hours');
	INSERT INTO posts (thread_id, author_id, kind, body_md, created_at) VALUES (t, u_hanako, 'answer',
E'私のときは 15 分ほど待ったらログインできるようになりました。パスワードを忘れた場合は「パスワードを再設定」から変更できます。', now() - interval '10 hours');

	-- 7. English trading question, unanswered.
	INSERT INTO threads (category_id, author_id, title, lang, answer_count, created_at, last_activity_at)
	VALUES (c_trading, u_mike, 'Why did my limit order not fill when the price touched my level?', 'en', 0,
		now() - interval '4 hours', now() - interval '4 hours') RETURNING id INTO t;
	INSERT INTO posts (thread_id, author_id, kind, body_md, created_at) VALUES (t, u_mike, 'question',
E'I placed a limit buy for BTC/JPY at 9,800,000 and the chart shows the low of the candle at exactly 9,800,000, but my order is still open. Is something wrong with my order?', now() - interval '4 hours');
	-- 8. English withdrawal: every answer state on one page.  Official
	-- (Emma), staff-verified (Kenji's, verified by Sato), accepted (Hanako's,
	-- chosen by the asker), a plain answer, a held "recovery" offer from a
	-- new account (visible to coin_helper and moderators only) and a
	-- removed spam answer (visible to nobody; in the moderators' log).
	SELECT id INTO u_mod FROM users WHERE username_key = 'mod_tanaka';
	SELECT id INTO u_new FROM users WHERE username_key = 'coin_helper';
	INSERT INTO threads (category_id, author_id, title, lang, has_official, has_verified, answer_count, tags, created_at, last_activity_at)
	VALUES (c_deposits, u_mike, 'How long does a JPY withdrawal to my bank take?', 'en', true, true, 4,
		'{withdrawal,jpy,bank}', now() - interval '6 days', now() - interval '2 days') RETURNING id INTO t_wd;
	INSERT INTO posts (thread_id, author_id, kind, body_md, created_at) VALUES (t_wd, u_mike, 'question',
E'I requested a JPY withdrawal to my bank account on Monday morning and it still says **processing**. How long does a withdrawal usually take?', now() - interval '6 days');
	INSERT INTO posts (thread_id, author_id, kind, body_md, created_at) VALUES (t_wd, u_emma, 'official',
E'Withdrawals requested before 15:00 JST on a business day are normally sent the same day; later requests go out the next business day. Large or first withdrawals get a manual review that can take up to **3 business days**.\n\nWe will never ask you to pay a fee or share your recovery phrase to release a withdrawal.', now() - interval '5 days');
	INSERT INTO posts (thread_id, author_id, kind, body_md, score, verified_by, verified_at, created_at) VALUES (t_wd, u_kenji, 'answer',
E'Check **Deposits & Withdrawals → History**. "Processing" means the review is still running; "Sent" means the bank has it. My bank credited it within an hour after "Sent".', 4, u_sato, now() - interval '4 days', now() - interval '5 days');
	INSERT INTO posts (thread_id, author_id, kind, body_md, score, created_at) VALUES (t_wd, u_hanako, 'answer',
E'My first withdrawal took two business days because of the review; the later ones arrived the same day.', 2, now() - interval '4 days') RETURNING id INTO p;
	UPDATE threads SET accepted_post_id = p WHERE id = t_wd;
	INSERT INTO posts (thread_id, author_id, kind, body_md, score, created_at) VALUES (t_wd, u_yuki, 'answer',
E'Bank holidays count too: nothing is sent on weekends or holidays.', 1, now() - interval '3 days');
	INSERT INTO posts (thread_id, author_id, kind, state, mod_reasons, body_md, created_at) VALUES (t_wd, u_new, 'answer', 'held',
		'context.recovery_offer; dm.ja_dm',
E'盗まれた仮想通貨を取り戻す方法を知っています。テレグラムで連絡ください。', now() - interval '2 days') RETURNING id INTO p;
	-- its queue row, with the filters' verdict and age (app/post/ writes
	-- both in one transaction; here the demo does it by hand)
	INSERT INTO mod_queue (post_id, kind, score, reasons, created_at) VALUES
		(p, 'held', 1.4, 'context.recovery_offer; dm.ja_dm', now() - interval '2 days');
	INSERT INTO posts (thread_id, author_id, kind, state, mod_reasons, body_md, created_at,
		removed_reason, removed_at, removed_by) VALUES (t_wd, u_new, 'answer', 'removed',
		'scam.support_number',
E'Withdrawal stuck? Call the 24/7 support hotline +1 888 555 0199 now.', now() - interval '2 days',
		'scam', now() - interval '47 hours', u_mod) RETURNING id INTO p;
	INSERT INTO mod_log (at, actor_id, actor_name, action, target_kind, target_id, target_user, reason, before, after)
	VALUES (now() - interval '47 hours', u_mod, 'mod_tanaka', 'remove', 'post', p, u_new, 'scam',
		'{"state": "visible"}', '{"state": "removed"}');

	-- 9. Closed as a duplicate of the withdrawal thread.
	INSERT INTO threads (category_id, author_id, title, lang, answer_count, status, duplicate_of, closed_by, closed_at, tags, created_at, last_activity_at)
	VALUES (c_deposits, u_yuki, '出金が「処理中」のまま進みません', 'ja', 0, 'closed', t_wd, u_mod, now() - interval '1 day',
		'{出金}', now() - interval '1 day', now() - interval '1 day') RETURNING id INTO t;
	INSERT INTO posts (thread_id, author_id, kind, body_md, created_at) VALUES (t, u_yuki, 'question',
E'日本円の出金を申請しましたが、ステータスが「処理中」のままです。どれくらい待てばいいですか？', now() - interval '1 day');

	-- The API thread is settled: a moderator locked it (no new answers,
	-- no votes), so the demo shows a locked thread.
	UPDATE threads SET status = 'locked', closed_by = u_mod, closed_at = now() - interval '6 days' WHERE id = t3;

	-- 10. A flagged answer: three users flagged it, which hid it at once;
	-- it waits in the moderators' flagged queue.
	INSERT INTO posts (thread_id, author_id, kind, state, body_md, created_at)
	SELECT id, u_new, 'answer', 'hidden',
E'Guaranteed 2x returns in 24 hours with my trading signals, DM me for the group link.', now() - interval '20 hours'
	FROM threads WHERE title LIKE 'パスワードを何度も%' RETURNING id INTO p;
	INSERT INTO flags (post_id, user_id, reason, note, weight, created_at) VALUES
	 (p, u_kenji, 'spam', '投資の勧誘です', 1.0, now() - interval '19 hours'),
	 (p, u_mike, 'scam', 'Signal group scam', 1.0, now() - interval '18 hours'),
	 (p, u_hanako, 'spam', '', 1.0, now() - interval '17 hours');
	INSERT INTO mod_queue (post_id, kind, created_at) VALUES (p, 'flagged', now() - interval '19 hours');
	INSERT INTO mod_log (at, actor_id, actor_name, action, target_kind, target_id, target_user, reason, note, before, after)
	VALUES (now() - interval '17 hours', NULL, 'system', 'hide', 'post', p, u_new, 'flags',
		'flag weight 3.00', '{"state": "visible"}', '{"state": "hidden"}');

	-- Notifications, so the header shows an unread count for the demo users.
	INSERT INTO notifications (user_id, kind, thread_id, post_id, actor_id, created_at)
	SELECT u_kenji, 'verified', p2.thread_id, p2.id, u_sato, now() - interval '4 days'
	FROM posts p2 WHERE p2.thread_id = t_wd AND p2.author_id = u_kenji;
	INSERT INTO notifications (user_id, kind, thread_id, post_id, actor_id, created_at)
	SELECT u_hanako, 'accepted', t_wd, accepted_post_id, u_mike, now() - interval '3 days'
	FROM threads WHERE id = t_wd;
	INSERT INTO notifications (user_id, kind, thread_id, post_id, actor_id, created_at)
	SELECT u_mike, 'answer', p2.thread_id, p2.id, p2.author_id, p2.created_at
	FROM posts p2 WHERE p2.thread_id = t_wd AND p2.kind IN ('answer', 'official') AND p2.state = 'visible';

	-- Tags on the other threads.
	UPDATE threads SET tags = '{送金,usdt,ネットワーク}' WHERE title LIKE '送金先のネットワーク%';
	UPDATE threads SET tags = '{二段階認証,機種変更}' WHERE title LIKE '機種変更で二段階認証%';
	UPDATE threads SET tags = '{api,ratelimit,websocket}' WHERE title LIKE 'Getting HTTP 429%';
	UPDATE threads SET tags = '{詐欺,phishing,support}' WHERE title LIKE 'Someone called me%';
	UPDATE threads SET tags = '{確定申告,年間取引報告書}' WHERE title LIKE '年間取引報告書%';
	UPDATE threads SET tags = '{ログイン,ロック}' WHERE title LIKE 'パスワードを何度も%';
	UPDATE threads SET tags = '{指値注文,btc}' WHERE title LIKE 'Why did my limit order%';
END
$demo$;

-- E-mail identities (migration 0041): every demo account has
-- NAME@example.com, confirmed, unless it already has an address.
UPDATE users SET email = username || '@example.com', email_verified_at = now()
WHERE username_key IN ('sato_staff', 'emma_staff', 'mod_tanaka', 'admin',
	'kenji_t', 'yuki88', 'mike_trader', 'hanako_w', 'coin_helper')
	AND email IS NULL;
