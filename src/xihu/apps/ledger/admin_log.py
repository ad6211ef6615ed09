"""The Django admin is a window, not a side door: every add, change and delete it makes to a
logged model (units, accounts, roles, organisations, ...) writes a log entry in the same
transaction (the admin's change views are atomic). Installed on every registered ModelAdmin
when the app is ready, so an admin registered later by any app is covered too.

Stage apps' own services remain the way their records change; this is the floor beneath them.
"""

from django.contrib import admin

from xihu.apps.ledger.services import ledger_append

SECRET_FIELDS = {"password"}


def _value(value) -> object:
    if hasattr(value, "pk"):
        return str(value.pk)
    if isinstance(value, list | tuple | set) or hasattr(value, "__iter__") and not isinstance(value, str | bytes | dict):
        return sorted(str(_value(v)) for v in value)
    if isinstance(value, int | float | bool | str) or value is None:
        return value
    return str(value)


def _changes(form) -> dict:
    if form is None:
        return {}
    data = getattr(form, "cleaned_data", {}) or {}
    return {name: ("(changed)" if name in SECRET_FIELDS or "password" in name else _value(data.get(name)))
            for name in getattr(form, "changed_data", [])}


def _record(request, action: str, obj, changes: dict | None = None) -> None:
    ledger_append(actor=request.user, action=f"admin.{action}", obj=obj, payload={
        "model": obj._meta.label_lower, "object": str(obj)[:200], "changes": changes or {}})


def _install(model_admin) -> None:
    cls = type(model_admin)
    if getattr(cls, "_xihu_logged", False):
        return
    save_model, delete_model = cls.save_model, cls.delete_model
    delete_queryset, save_formset = cls.delete_queryset, cls.save_formset

    def logged_save_model(self, request, obj, form, change):
        save_model(self, request, obj, form, change)
        _record(request, "change" if change else "add", obj, _changes(form))

    def logged_delete_model(self, request, obj):
        _record(request, "delete", obj)
        delete_model(self, request, obj)

    def logged_delete_queryset(self, request, queryset):
        for obj in queryset:
            _record(request, "delete", obj)
        delete_queryset(self, request, queryset)

    def logged_save_formset(self, request, form, formset, change):
        save_formset(self, request, form, formset, change)
        for obj in getattr(formset, "new_objects", []):
            _record(request, "add", obj)
        for obj, changed in getattr(formset, "changed_objects", []):
            _record(request, "change", obj, {name: "(changed)" for name in changed})
        for obj in getattr(formset, "deleted_objects", []):
            _record(request, "delete", obj)

    cls.save_model, cls.delete_model = logged_save_model, logged_delete_model
    cls.delete_queryset, cls.save_formset = logged_delete_queryset, logged_save_formset
    cls._xihu_logged = True


def install_everywhere(site=admin.site) -> None:
    from xihu.apps.ledger.coverage import OUTSIDE_LOG

    for model, model_admin in site._registry.items():
        if model._meta.label_lower not in OUTSIDE_LOG:
            _install(model_admin)
