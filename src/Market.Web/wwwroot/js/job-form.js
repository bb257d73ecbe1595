// Shows only the settings of the chosen job type (without this script all are shown, each titled with its type),
// keeps the count of chosen prefectures current, and stops a second click from sending the form twice.
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

    var regionsSummary = form.querySelector('[data-count-template]');
    if (regionsSummary) {
        var regions = form.querySelectorAll('input[name="Input.Regions"]');
        var countRegions = function () {
            var chosen = form.querySelectorAll('input[name="Input.Regions"]:checked').length;
            regionsSummary.textContent = regionsSummary.getAttribute('data-count-template').replace('{0}', chosen);
        };
        Array.prototype.forEach.call(regions, function (box) {
            box.addEventListener('change', countRegions);
        });
    }

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
