/* sodan: progressive enhancement only; every flow works without it. */
'use strict';
document.addEventListener('click', function (ev) {
	var el = ev.target.closest ? ev.target.closest('[data-confirm]') : null;
	if (el && !window.confirm(el.getAttribute('data-confirm'))) {
		ev.preventDefault();
	}
});
