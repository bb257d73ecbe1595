// Uploads the chosen file at once, with a progress bar, through the Web's /client/files (never to the API directly).
// The form then sends only the file's id. Without this script the form posts the file itself and still works.
(function () {
    'use strict';

    function fill(template, value) {
        return template.replace('{0}', value);
    }

    function enhance(field) {
        var input = field.querySelector('input[type=file]');
        var meter = field.querySelector('.upload__meter');
        var progress = field.querySelector('.upload__progress');
        var percent = field.querySelector('.upload__percent');
        var status = field.querySelector('.upload__status');
        var error = field.querySelector('.field__error');
        var fileId = field.querySelector('[data-upload-id]');
        var summary = field.querySelector('[data-upload-summary]');
        var form = input.form;
        var name = input.name;
        var request = null;

        function showProgress(value) {
            progress.value = value;
            percent.textContent = value + '%';
        }

        function showError(message) {
            meter.hidden = true;
            status.textContent = '';
            error.textContent = message;
            input.setAttribute('aria-invalid', 'true');
            var describedBy = (input.getAttribute('aria-describedby') || '').split(' ');
            if (describedBy.indexOf(error.id) < 0) {
                input.setAttribute('aria-describedby', [error.id].concat(describedBy).join(' ').trim());
            }
        }

        function clearError() {
            error.textContent = '';
            input.removeAttribute('aria-invalid');
        }

        input.addEventListener('change', function () {
            if (request) {
                request.abort();
            }

            input.name = name;
            fileId.value = '';
            summary.value = '';
            clearError();
            var file = input.files && input.files[0];
            if (!file) {
                meter.hidden = true;
                status.textContent = '';
                return;
            }

            var data = new FormData();
            data.append('file', file, file.name);
            request = new XMLHttpRequest();
            var current = request;
            current.open('POST', field.getAttribute('data-upload-url'));
            current.setRequestHeader('RequestVerificationToken', form.querySelector('input[name="__RequestVerificationToken"]').value);
            current.setRequestHeader('Accept', 'application/json');
            current.responseType = 'json';
            current.upload.addEventListener('progress', function (event) {
                if (event.lengthComputable) {
                    showProgress(Math.floor(event.loaded * 100 / event.total));
                }
            });
            current.addEventListener('load', function () {
                request = null;
                var body = current.response || {};
                if (current.status === 201 && body.id) {
                    showProgress(100);
                    fileId.value = body.id;
                    summary.value = body.summary;
                    status.textContent = fill(field.getAttribute('data-text-done'), body.summary);
                    // The bytes are at the API already; the form must not send them a second time.
                    input.removeAttribute('name');
                } else {
                    showError(body.message || field.getAttribute('data-text-failed'));
                }
            });
            current.addEventListener('error', function () {
                request = null;
                showError(field.getAttribute('data-text-failed'));
            });

            meter.hidden = false;
            showProgress(0);
            status.textContent = fill(field.getAttribute('data-text-uploading'), file.name);
            current.send(data);
        });
    }

    Array.prototype.forEach.call(document.querySelectorAll('[data-upload]'), enhance);
})();
