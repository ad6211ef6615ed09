"""`{% map_assets %}`: Leaflet, the maps script and the tile settings, once per page that shows a
map or a map picker. The settings travel in data- attributes (no inline script: the CSP allows
scripts from 'self' only)."""

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

register = template.Library()


def map_config() -> dict:
    lat, _sep, lng = settings.XIHU_MAP_CENTER.partition(",")
    return {
        "tiles": settings.XIHU_MAP_TILE_URL, "labels": settings.XIHU_MAP_LABELS_URL,
        "key": settings.XIHU_MAP_TILE_KEY, "subdomains": settings.XIHU_MAP_TILE_SUBDOMAINS,
        "attribution": settings.XIHU_MAP_TILE_ATTRIBUTION, "max_zoom": settings.XIHU_MAP_MAX_ZOOM,
        "lat": lat.strip(), "lng": lng.strip(), "zoom": settings.XIHU_MAP_ZOOM,
        "pick_hint": _("Tap the map where the proposal is; the numbers below fill in."),
        "clear": _("Clear the map point"), "here": _("Use my location"),
    }


@register.inclusion_tag("maps/_assets.html")
def map_assets() -> dict:
    return {"config": map_config()}
