/* sodan: progressive enhancement only; every flow works without it.
 * The CSP allows scripts from 'self' only, so there is no inline script or
 * style here or in the pages: behaviour hangs off data- attributes.
 * User text is never put into innerHTML; the one exception is the preview,
 * which is the server's own cooked Markdown (cmark safe mode, no raw HTML). */
'use strict';
(function () {
	var ja = (document.documentElement.lang || '').indexOf('ja') === 0;
	var txt = ja ? {
		preview: 'プレビュー',
		similar: '似た質問があります。解決するかもしれません：',
		official: '公式回答', verified: 'スタッフ確認済み', accepted: '解決済み'
	} : {
		preview: 'Preview',
		similar: 'Similar questions that may already answer yours:',
		official: 'Official answer', verified: 'Staff-verified', accepted: 'Solved'
	};

	document.addEventListener('click', function (ev) {
		var el = ev.target.closest ? ev.target.closest('[data-confirm]') : null;
		if (el && !window.confirm(el.getAttribute('data-confirm'))) {
			ev.preventDefault();
		}
	});

	function debounce(fn, ms) {
		var t = null;
		return function () {
			var self = this, args = arguments;
			if (t) { clearTimeout(t); }
			t = setTimeout(function () { t = null; fn.apply(self, args); }, ms);
		};
	}

	function csrfOf(el) {
		var f = el.form, i = f ? f.querySelector('input[name="csrf"]') : null;
		return i ? i.value : '';
	}

	function el(tag, cls, text) {
		var n = document.createElement(tag);
		if (cls) { n.className = cls; }
		if (text !== undefined) { n.textContent = text; }
		return n;
	}

	/* Live Markdown preview: POST /api/v1/preview (signed-in only; the
	 * textarea is only on forms of signed-in users). Latest request wins. */
	function setupPreview(ta) {
		var out = document.getElementById(ta.getAttribute('data-preview'));
		var seq = 0;
		if (!out || !window.fetch) { return; }
		/* the server writes the label in the visitor's language */
		if (!out.getAttribute('data-label')) { out.setAttribute('data-label', txt.preview); }
		var run = debounce(function () {
			var body = ta.value, my = ++seq;
			if (body.trim() === '') { out.hidden = true; out.textContent = ''; return; }
			fetch('/api/v1/preview', {
				method: 'POST', credentials: 'same-origin',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded',
					'X-CSRF-Token': csrfOf(ta), 'Accept': 'application/json' },
				body: 'body=' + encodeURIComponent(body)
			}).then(function (r) {
				return r.ok ? r.json() : null;
			}).then(function (j) {
				if (my !== seq || !j || typeof j.html !== 'string') { return; }
				out.innerHTML = j.html;	/* server-cooked, safe-mode Markdown */
				out.hidden = false;
			}).catch(function () { /* the form still works without it */ });
		}, 400);
		ta.addEventListener('input', run);
		if (ta.value.trim() !== '') { run(); }
	}

	/* Similar threads while the title is typed: GET /api/v1/similar. */
	function setupSimilar(input) {
		var box = document.getElementById(input.getAttribute('data-similar'));
		var seq = 0, last = '';
		if (!box || !window.fetch) { return; }
		box.setAttribute('aria-live', 'polite');
		/* labels written by the server in the visitor's language */
		var lab = {
			similar: box.getAttribute('data-label') || txt.similar,
			official: box.getAttribute('data-official') || txt.official,
			verified: box.getAttribute('data-verified') || txt.verified,
			accepted: box.getAttribute('data-accepted') || txt.accepted,
			kb: box.getAttribute('data-kb') || '',
			kbSolved: box.getAttribute('data-kb-solved') || ''
		};
		/* "This solved it" on an article: counted, nothing posted. */
		function solvedButton(a) {
			var b = el('button', 'btn kb-solved', lab.kbSolved);
			b.type = 'button';
			b.setAttribute('data-solved-url', String(a.solved_url));
			b.addEventListener('click', function () {
				b.disabled = true;
				fetch(String(a.solved_url), {
					method: 'POST', credentials: 'same-origin',
					headers: { 'X-CSRF-Token': csrfOf(input), 'Accept': 'application/json' }
				}).then(function (r) {
					return r.ok ? r.json() : null;
				}).then(function (j) {
					if (!j || typeof j.message !== 'string') { b.disabled = false; return; }
					var p = el('p', 'kb-solved-done', j.message);
					p.setAttribute('role', 'status');
					b.parentNode.replaceChild(p, b);
				}).catch(function () { b.disabled = false; });
			});
			return b;
		}
		var run = debounce(function () {
			var q = input.value.trim(), my;
			if (q === last) { return; }
			last = q;
			my = ++seq;
			if (q.length < 4) { box.textContent = ''; box.hidden = true; return; }
			fetch('/api/v1/similar?q=' + encodeURIComponent(q), {
				credentials: 'same-origin', headers: { 'Accept': 'application/json' }
			}).then(function (r) {
				return r.ok ? r.json() : null;
			}).then(function (j) {
				var ul, i, t, li, a;
				if (my !== seq || !j || !j.threads) { return; }
				box.textContent = '';
				var arts = j.articles || [];
				if (j.threads.length === 0 && arts.length === 0) { box.hidden = true; return; }
				if (arts.length > 0) {
					box.appendChild(el('p', 'hint similar-label', lab.kb));
					ul = el('ul', 'kb-suggest');
					for (i = 0; i < arts.length; i++) {
						li = el('li');
						a = el('a', 'kb-title', String(arts[i].title));
						a.href = String(arts[i].url);
						li.appendChild(a);
						li.appendChild(document.createTextNode(' '));
						li.appendChild(solvedButton(arts[i]));
						ul.appendChild(li);
					}
					box.appendChild(ul);
				}
				if (j.threads.length === 0) { box.hidden = false; return; }
				box.appendChild(el('p', 'hint similar-label', lab.similar));
				ul = el('ul');
				for (i = 0; i < j.threads.length; i++) {
					t = j.threads[i];
					li = el('li');
					a = el('a', 'thread-title', String(t.title));
					a.href = '/t/' + encodeURIComponent(String(t.id));
					li.appendChild(a);
					if (t.official) { li.appendChild(document.createTextNode(' ')); li.appendChild(el('span', 'tag tag-official', lab.official)); }
					if (t.verified) { li.appendChild(document.createTextNode(' ')); li.appendChild(el('span', 'tag tag-verified', lab.verified)); }
					if (t.accepted) { li.appendChild(document.createTextNode(' ')); li.appendChild(el('span', 'tag tag-accepted', lab.accepted)); }
					ul.appendChild(li);
				}
				box.appendChild(ul);
				box.hidden = false;	/* the page ships it hidden */
			}).catch(function () {});
		}, 350);
		input.addEventListener('input', run);
	}

	/* Pictures: a file picker, paste and drop on the textarea, each sent
	 * to POST /uploads (multipart, the form's CSRF token) with a progress
	 * bar; the answer's URL goes in at the cursor as ![](url).  Without
	 * JavaScript the box holds a link to the plain upload form. */
	function setupUpload(box) {
		var ta = document.getElementById(box.getAttribute('data-upload-for'));
		var lab = function (k) { return box.getAttribute('data-label-' + k) || ''; };
		var input, btn, bar, status, link;
		if (!ta || !window.XMLHttpRequest || !window.FormData) { return; }
		input = document.createElement('input');
		input.type = 'file';
		input.accept = 'image/png,image/jpeg,image/webp';
		input.hidden = true;
		input.setAttribute('aria-label', lab('pick'));
		btn = el('button', 'upload-button', lab('pick'));
		btn.type = 'button';
		bar = el('progress', 'upload-progress');
		bar.max = 100;
		bar.value = 0;
		bar.hidden = true;
		bar.setAttribute('aria-label', lab('busy'));
		status = el('span', 'upload-status');
		status.setAttribute('role', 'status');
		status.setAttribute('aria-live', 'polite');
		link = box.querySelector('.upload-link');
		if (link) { link.parentNode.removeChild(link); }
		box.insertBefore(status, box.firstChild);
		box.insertBefore(bar, status);
		box.insertBefore(btn, bar);
		box.insertBefore(input, btn);

		function insert(url) {
			var md = '![](' + url + ')', s = ta.selectionStart, e = ta.selectionEnd;
			var before = ta.value.slice(0, s), after = ta.value.slice(e);
			if (before !== '' && !/\n$/.test(before)) { md = '\n' + md; }
			if (after === '' || !/^\n/.test(after)) { md = md + '\n'; }
			ta.value = before + md + after;
			ta.selectionStart = ta.selectionEnd = before.length + md.length;
			ta.dispatchEvent(new Event('input'));	/* the preview follows */
			ta.focus();
		}

		function send(file) {
			var fd = new FormData(), x = new XMLHttpRequest();
			fd.append('csrf', csrfOf(ta));
			fd.append('file', file, file.name || 'paste.png');
			x.open('POST', '/uploads');
			x.setRequestHeader('Accept', 'application/json');
			x.upload.onprogress = function (ev) {
				if (ev.lengthComputable) { bar.value = Math.round(ev.loaded * 100 / ev.total); }
			};
			x.onload = function () {
				var j = null;
				try { j = JSON.parse(x.responseText); } catch (e) { j = null; }
				bar.hidden = true;
				btn.disabled = false;
				if (x.status === 200 && j && typeof j.url === 'string' &&
				    /^\/uploads\/[0-9a-f]{64}\.(png|jpg|webp)$/.test(j.url)) {
					insert(j.url);
					status.textContent = lab('done');
				} else {
					status.textContent = (j && typeof j.message === 'string') ?
					    j.message : lab('failed');
				}
			};
			x.onerror = function () {
				bar.hidden = true;
				btn.disabled = false;
				status.textContent = lab('failed');
			};
			bar.value = 0;
			bar.hidden = false;
			btn.disabled = true;
			status.textContent = lab('busy');
			x.send(fd);
		}

		function firstImage(list) {
			var i;
			for (i = 0; list && i < list.length; i++) {
				if (/^image\//.test(list[i].type || '')) { return list[i]; }
			}
			return null;
		}

		btn.addEventListener('click', function () { input.click(); });
		input.addEventListener('change', function () {
			if (input.files && input.files[0]) { send(input.files[0]); }
			input.value = '';
		});
		ta.addEventListener('paste', function (ev) {
			var f = ev.clipboardData ? firstImage(ev.clipboardData.files) : null;
			if (f) { ev.preventDefault(); send(f); }
		});
		ta.addEventListener('dragover', function (ev) {
			if (ev.dataTransfer && Array.prototype.indexOf.call(ev.dataTransfer.types || [], 'Files') >= 0) {
				ev.preventDefault();
			}
		});
		ta.addEventListener('drop', function (ev) {
			var f = ev.dataTransfer ? firstImage(ev.dataTransfer.files) : null;
			if (f) { ev.preventDefault(); send(f); }
		});
	}

	/*
	 * Drafts: the text fields of a form[data-draft] are kept in
	 * localStorage while they are typed and put back when the form comes
	 * back empty (Back, a reload, a lost connection).  A thread page
	 * that says the post was sent ([data-posted]) drops the draft that
	 * was sent.  Storage refused (private mode, full): no drafts.
	 */
	var DRAFT = 'sodan-draft:';
	function store(kind) {
		try { return window[kind]; } catch (e) { return null; }
	}
	function draftFields(form) {
		return form.querySelectorAll('input[type="text"][name], ' +
			'input:not([type])[name], textarea[name]');
	}
	function setupDraft(form) {
		var ls = store('localStorage'), key, saved, data, i, f, list;
		if (!ls) { return; }
		key = DRAFT + form.getAttribute('data-draft');
		list = draftFields(form);
		try { saved = JSON.parse(ls.getItem(key) || 'null'); } catch (e) { saved = null; }
		if (saved && typeof saved === 'object') {
			for (i = 0; i < list.length; i++) {
				f = list[i];
				if (f.value === '' && typeof saved[f.name] === 'string') {
					f.value = saved[f.name];
				}
			}
		}
		function save() {
			data = {};
			var any = false;
			for (i = 0; i < list.length; i++) {
				if (list[i].value !== '') { any = true; }
				data[list[i].name] = list[i].value;
			}
			try {
				if (any) { ls.setItem(key, JSON.stringify(data)); } else { ls.removeItem(key); }
			} catch (e) { /* full: no draft */ }
		}
		form.addEventListener('input', debounce(save, 300));
		form.addEventListener('submit', function () {
			save();
			var ss = store('sessionStorage');
			try { if (ss) { ss.setItem(DRAFT + 'sent', key); } } catch (e) {}
		});
	}
	function dropSentDraft() {
		var ls = store('localStorage'), ss = store('sessionStorage'), key;
		if (!ls || !ss || !document.querySelector('[data-posted]')) { return; }
		try {
			key = ss.getItem(DRAFT + 'sent');
			if (key) { ls.removeItem(key); ss.removeItem(DRAFT + 'sent'); }
		} catch (e) {}
	}

	function init() {
		var i, list, errs = document.querySelector('.form-errors');
		/* A form that came back with errors: the summary has the focus. */
		if (errs) { errs.focus(); }
		dropSentDraft();
		list = document.querySelectorAll('form[data-draft]');
		for (i = 0; i < list.length; i++) { setupDraft(list[i]); }
		list = document.querySelectorAll('textarea[data-preview]');
		for (i = 0; i < list.length; i++) { setupPreview(list[i]); }
		list = document.querySelectorAll('input[data-similar]');
		for (i = 0; i < list.length; i++) { setupSimilar(list[i]); }
		list = document.querySelectorAll('.upload-box[data-upload-for]');
		for (i = 0; i < list.length; i++) { setupUpload(list[i]); }
	}
	if (document.readyState === 'loading') {
		document.addEventListener('DOMContentLoaded', init);
	} else {
		init();
	}
}());
