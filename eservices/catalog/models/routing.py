"""Page types whose route the route cache may keep (catalog/routecache.py)."""


class RouteCachedPage:
    """A page type whose route the middleware may keep: the desk's pages. A kept copy has no
    view restriction on it or above it (checked when it is kept; adding one orphans it)."""

    def get_view_restrictions(self):
        if getattr(self, "_route_cache_unrestricted", False):
            return ()
        return super().get_view_restrictions()

    def warm_for_route_cache(self) -> None:
        """Read what serving this page reads of its own rows, so the kept copy holds it:
        its locale (a request's SMS is worded in it) and the relations pages list in
        ``prefetch_for_serve``."""
        self.locale  # noqa: B018 (fetched into the instance's cache)
        prefetch = getattr(self, "prefetch_for_serve", None)
        if prefetch is not None:
            prefetch()
