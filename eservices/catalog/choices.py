"""Fixed vocabularies of the catalog: service kinds, channels, response-time units, provinces
and the bundled group icons."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    REQUEST = "request", _("Request (register and follow up)")
    VIEW = "view", _("View information")


class ChannelKind(models.TextChoices):
    """Where a service is delivered (بستر ارائه خدمت), in the guide's order."""

    WEB = "web", _("Web")
    PHONE = "phone", _("Phone")
    COUNTER = "counter", _("Government counter offices")
    APP = "app", _("Mobile app")
    INFO = "info", _("Information")


class Province(models.TextChoices):
    ALBORZ = "alborz", _("Alborz")
    ARDABIL = "ardabil", _("Ardabil")
    BUSHEHR = "bushehr", _("Bushehr")
    CHAHARMAHAL = "chaharmahal", _("Chaharmahal and Bakhtiari")
    EAST_AZERBAIJAN = "east_azerbaijan", _("East Azerbaijan")
    FARS = "fars", _("Fars")
    GILAN = "gilan", _("Gilan")
    GOLESTAN = "golestan", _("Golestan")
    HAMADAN = "hamadan", _("Hamadan")
    HORMOZGAN = "hormozgan", _("Hormozgan")
    ILAM = "ilam", _("Ilam")
    ISFAHAN = "isfahan", _("Isfahan")
    KERMAN = "kerman", _("Kerman")
    KERMANSHAH = "kermanshah", _("Kermanshah")
    KHUZESTAN = "khuzestan", _("Khuzestan")
    KOHGILUYEH = "kohgiluyeh", _("Kohgiluyeh and Boyer-Ahmad")
    KURDISTAN = "kurdistan", _("Kurdistan")
    LORESTAN = "lorestan", _("Lorestan")
    MARKAZI = "markazi", _("Markazi")
    MAZANDARAN = "mazandaran", _("Mazandaran")
    NORTH_KHORASAN = "north_khorasan", _("North Khorasan")
    QAZVIN = "qazvin", _("Qazvin")
    QOM = "qom", _("Qom")
    RAZAVI_KHORASAN = "razavi_khorasan", _("Razavi Khorasan")
    SEMNAN = "semnan", _("Semnan")
    SISTAN = "sistan", _("Sistan and Baluchestan")
    SOUTH_KHORASAN = "south_khorasan", _("South Khorasan")
    TEHRAN = "tehran", _("Tehran")
    WEST_AZERBAIJAN = "west_azerbaijan", _("West Azerbaijan")
    YAZD = "yazd", _("Yazd")
    ZANJAN = "zanjan", _("Zanjan")


class GroupIcon(models.TextChoices):
    """Symbols of ``eservices/icons/sprite.svg`` an editor can give a group."""

    BOLT = "bolt", _("Lightning bolt")
    BILL = "file-invoice", _("Bill")
    PLUG = "plug-connected", _("Connection")
    GAUGE = "gauge", _("Meter")
    COMMUNITY = "building-community", _("Public services")
    SHIELD = "shield-check", _("Safety")
    SOLAR = "solar-panel", _("Solar panel")
    OUTAGE = "bulb-off", _("Outage")
    CHART = "chart-bar", _("Statistics")
    FACTORY = "building-factory-2", _("Projects")
    BOOK = "book", _("Research")
    SCHOOL = "school", _("Training")
    BRIEFCASE = "briefcase", _("Contracting")
    COMPLAINT = "message-report", _("Requests and complaints")
    LEAF = "leaf", _("Saving energy")
