// Shows only the settings of the chosen job type (without this script all are shown, each titled with its type),
// and stops a second click from sending the form twice while the first is on its way.
(function () {
    'use strict';

    var form = document.querySelector('form[data-job-form]');
    if (!form) {
        return;
    }

    var types = form.querySelectorAll('input[name="Input.Type"]');
    var settings = form.querySelectorAll('[data-job-type]');

    function showChosenSettings() {
        var chosen = form.querySelector('input[name="Input.Type"]:checked');
        Array.prototype.forEach.call(settings, function (group) {
            group.hidden = !chosen || group.getAttribute('data-job-type') !== chosen.value;
        });
    }

    Array.prototype.forEach.call(types, function (radio) {
        radio.addEventListener('change', showChosenSettings);
    });
    showChosenSettings();

    var submit = form.querySelector('button[type=submit]');
    form.addEventListener('submit', function () {
        window.setTimeout(function () {
            submit.disabled = true;
        }, 0);
    });
    window.addEventListener('pageshow', function () {
        submit.disabled = false;
    });
})();
