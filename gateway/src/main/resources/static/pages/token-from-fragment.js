// An e-mailed link (an invitation, a password reset) carries its token in the fragment, which the browser never sends to
// a server. This moves it into the form, which posts it in the body, and takes it out of the address bar (so out of the
// history and any bookmark).
(function () {
  'use strict';
  var token = '';
  try {
    token = decodeURIComponent(window.location.hash.slice(1));
  } catch (malformed) {
    token = '';
  }
  if (window.location.hash) {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  var field = document.getElementById('token');
  if (!field) {
    return;
  }
  if (token && !field.value) {
    field.value = token;
  }
  if (field.value) {
    field.type = 'hidden';
    document.getElementById('token-field').hidden = true;
  }
})();
