/*
 * Form designer and service editor (Wagtail admin): show only what applies.
 *
 * eservices-field-option: a field row's option (choices, file types, "default to today"…)
 *   is shown only while the row's field type is one of `types`.
 * eservices-service-kind: a panel of the service editor (the View tab's data source, the
 *   request-only follow-up options) is shown only while the page's kind is one of `kinds`.
 *
 * The server renders both hidden or shown already (eservices/formbuilder/panels.py,
 * eservices/catalog/models/service.py); these controllers follow the editor's changes.
 */
(function () {
  "use strict";

  function register() {
    var app = window.wagtail && window.wagtail.app;
    var Stimulus = window.StimulusModule;
    if (!app || !Stimulus) {
      return false;
    }

    class FollowControl extends Stimulus.Controller {
      connect() {
        this.control = this.findControl();
        if (!this.control) {
          return;
        }
        this.update = this.update.bind(this);
        this.control.addEventListener("change", this.update);
        this.update();
      }

      disconnect() {
        if (this.control) {
          this.control.removeEventListener("change", this.update);
        }
      }

      update() {
        this.element.hidden = !this.allowed().includes(this.control.value);
      }
    }

    class FieldOptionController extends FollowControl {
      static values = { types: Array };

      findControl() {
        var row = this.element.closest("[data-inline-panel-child]");
        return row && row.querySelector('select[name$="-field_type"]');
      }

      allowed() {
        return this.typesValue;
      }
    }

    class ServiceKindController extends FollowControl {
      static values = { kinds: Array };

      findControl() {
        var form = this.element.closest("form");
        return form && form.querySelector('select[name="kind"]');
      }

      allowed() {
        return this.kindsValue;
      }
    }

    app.register("eservices-field-option", FieldOptionController);
    app.register("eservices-service-kind", ServiceKindController);
    return true;
  }

  if (!register()) {
    document.addEventListener("DOMContentLoaded", register);
  }
})();
