"""How the desk's page mixins compose into a service page.

Each mixin (identity gate, request form and tracking, survey, participation, view form,
retention) is a ``PagePart``: it brings its own fields, routes and template parts, and says
in class attributes what it adds and what it needs, so that no mixin looks for another with
``hasattr`` or repeats another's names:

* ``service_panels``: its admin panels, by tab (``"content"``, ``"form"``, ``"follow_up"``);
  the abstract service page builds its editor from them.
* ``gated_routes``: the names of its routes that the identity gate guards.
* ``restorable_routes``: those of its gated routes whose posted answers the gate keeps when
  the identity has lapsed; once the citizen has verified again, the part hands its unbound
  form to ``page.fill_kept_answers(request, form, route)`` (a no-op on a page without a gate)
  and finds the answers filled in.
* ``page_requires``: the attributes it uses from its page (another mixin's method, a related
  name, a field), checked for every page model by system check ``eservices.E003``.
* ``must_precede``: classes it must come before in the page's bases, checked by
  ``eservices.E004`` (e.g. the gate's ``serve`` must run before ``RoutablePageMixin``'s).

``composition_errors(model)`` returns the check's errors for one class, so a host project's
own page type is checked the same way.
"""

from collections.abc import Iterator

from django.core.checks import Error


class PagePart:
    """Base of the desk's page mixins; declarations are read per class, never inherited."""

    service_panels: dict[str, list] = {}
    gated_routes: tuple[str, ...] = ()
    restorable_routes: tuple[str, ...] = ()
    page_requires: tuple[str, ...] = ()
    must_precede: tuple[type, ...] = ()

    def fill_kept_answers(self, request, form, route: str) -> None:
        """Fill ``form`` (unbound, of ``route``) with answers kept across a lapse of the
        identity; the identity gate overrides it. Without a gate, nothing is ever kept."""

    def forget_answers_in_progress(self, request) -> None:
        """Forget what this browser typed and has not sent yet ("خروج" on a shared computer);
        parts that keep such answers extend it (calling super)."""


def declared(model: type, name: str) -> Iterator[tuple[type, object]]:
    """``(class, value)`` for each class in ``model``'s MRO that declares ``name`` itself, in
    MRO order: the page first, then its parts in the order of its bases."""
    for klass in model.__mro__:
        if name in vars(klass):
            yield klass, vars(klass)[name]


def panels_for(model: type, tab: str) -> list:
    """Every panel the classes of ``model`` declare for ``tab``, in the order of its bases."""
    return [
        panel
        for _klass, panels in declared(model, "service_panels")
        for panel in panels.get(tab, [])
    ]


def routes_to_gate(model: type) -> frozenset[str]:
    return frozenset(name for _klass, names in declared(model, "gated_routes") for name in names)


def routes_to_restore(model: type) -> frozenset[str]:
    return frozenset(
        name for _klass, names in declared(model, "restorable_routes") for name in names
    )


def composition_errors(model: type) -> list[Error]:
    """What is missing or misplaced in ``model``'s composition of page parts."""
    errors = []
    mro = model.__mro__
    for klass, names in declared(model, "page_requires"):
        for name in names:
            # Provided by another class: a part that extends a method (calling super) needs
            # one further down, not its own.
            if not any(name in vars(other) for other in mro if other is not klass):
                errors.append(
                    Error(
                        "%s needs %r from its page, and %s has none."
                        % (klass.__name__, name, model.__name__),
                        hint="Add the mixin that provides it to the page's bases, or "
                        "define it on the page.",
                        obj=model,
                        id="eservices.E003",
                    )
                )
    for klass, later in declared(model, "must_precede"):
        for other in later:
            if other in mro and mro.index(other) < mro.index(klass):
                errors.append(
                    Error(
                        "%s must come before %s in the bases of %s."
                        % (klass.__name__, other.__name__, model.__name__),
                        hint="Otherwise %s answers first and %s's behaviour is skipped."
                        % (other.__name__, klass.__name__),
                        obj=model,
                        id="eservices.E004",
                    )
                )
    return errors
