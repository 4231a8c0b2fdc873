"""``manage.py load_demo_desk``: the demo site, idempotent.

Creates what is missing and leaves alone what exists (so an editor's changes survive a rerun):
the home page as the default site's root, the desk at ``/e-services/``, the 14 groups of
``catalog.json``, the guide's two services, three demo services, counter offices, an app, the
accessibility statement and the privacy notice, each in Persian and English, and the English
translations of the request statuses. With development settings it also creates an admin user
and prints its credentials.
"""

import io
import random

import jdatetime
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.documents.models import Document
from wagtail.models import Collection, Locale, Page, Site

from eservices.catalog.models import (
    CounterOffice,
    MobileApp,
    ServiceChannel,
    ServiceDeskPage,
    ServiceGroupPage,
    ServicePage,
)
from eservices.conf import settings as eservices_settings
from eservices.core.models import Holiday
from eservices.formbuilder.models import ServiceFormField
from eservices.formbuilder.validators import bill_id_check_digit
from eservices.lookups.importer import import_dataset
from eservices.lookups.models import Dataset
from eservices.requests.models import RequestStatus
from eservices.requests.statuses import ensure_default_statuses
from eservices.survey.models import SurveyQuestion
from home.demo import content
from home.demo.pdf import simple_pdf
from home.models import HomePage, InfoPage


def publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def ensure_child(parent: Page, model: type[Page], lookup: dict, fields: dict) -> Page:
    page = model.objects.child_of(parent).filter(**lookup).first()
    if page is None:
        page = model(**lookup, **fields)
        parent.add_child(instance=page)
        publish(page)
    return page


def ensure_translation(page: Page, locale: Locale, fields: dict) -> Page:
    """The page's translation into ``locale``, made from a copy of it when missing."""
    translation = page.get_translation_or_none(locale)
    if translation is not None:
        return translation.specific
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    return publish(translation)


def ensure_form_fields(service: ServicePage, fields: list[dict], labels_en: list[str]) -> None:
    """Give a service (and its English translation) its form when it has none yet.

    The English fields share each Persian field's key and translation key, as fields
    translated with wagtail-localize do.
    """
    if service.form_fields.exists() or not fields:
        return
    service.form_fields = [ServiceFormField(locale=service.locale, **field) for field in fields]
    publish(service)
    translation = service.get_translation_or_none(Locale.objects.get(language_code="en"))
    if translation is None or translation.specific.form_fields.exists():
        return
    translation = translation.specific
    sources = ServiceFormField.objects.filter(page=service).order_by("sort_order")
    translation.form_fields = [
        ServiceFormField(
            locale=translation.locale,
            clean_name=source.clean_name,
            translation_key=source.translation_key,
            **{**field, "label": label},
        )
        for source, field, label in zip(sources, fields, labels_en, strict=True)
    ]
    publish(translation)


def demo_bill_ids(count: int) -> list[str]:
    generator = random.Random(1403)
    ids = []
    while len(ids) < count:
        body = "%011d" % generator.randrange(10**9, 10**11)
        bill_id = body + str(bill_id_check_digit(body))
        if bill_id not in ids:
            ids.append(bill_id)
    return ids


def first_bill_id() -> str:
    return demo_bill_ids(1)[0]


def demo_bills_csv(count: int) -> bytes:
    generator = random.Random(1404)
    lines = ["bill_id,period,consumption,amount,due_date"]
    for index, bill_id in enumerate(demo_bill_ids(count)):
        consumption = generator.randrange(80, 900)
        month = 1 + index % 12
        lines.append(
            "%s,%s,%d,%d,1404/%02d/%02d"
            % (bill_id, "1403-%02d" % month, consumption, consumption * 1800, month, 15)
        )
    return ("\n".join(lines) + "\n").encode()


def ensure_survey(service: ServicePage) -> None:
    """The demo's survey questions, in Persian and in the English translation."""
    if service.survey_questions.exists():
        return
    service.survey_questions = [
        SurveyQuestion(locale=service.locale, text=fa, allow_comment=comment)
        for fa, _en, comment in content.SURVEY_QUESTIONS
    ]
    publish(service)
    translation = service.get_translation_or_none(Locale.objects.get(language_code="en"))
    if translation is not None and not translation.specific.survey_questions.exists():
        translation = translation.specific
        sources = SurveyQuestion.objects.filter(page=service).order_by("sort_order")
        translation.survey_questions = [
            SurveyQuestion(
                locale=translation.locale,
                translation_key=source.translation_key,
                text=en,
                allow_comment=comment,
            )
            for source, (_fa, en, comment) in zip(sources, content.SURVEY_QUESTIONS, strict=True)
        ]
        publish(translation)


def ensure_snippet_translation(snippet, locale: Locale, fields: dict) -> None:
    if snippet.get_translation_or_none(locale) is None:
        translation = snippet.copy_for_translation(locale)
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save()


def ensure_document(title: str, filename: str, lines: list[str]) -> Document:
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(filename, ContentFile(simple_pdf(lines)), save=False)
        document.save()
    return document


class Command(BaseCommand):
    help = "Load the demo e-services desk (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        fa, _ = Locale.objects.get_or_create(language_code="fa")
        en, _ = Locale.objects.get_or_create(language_code="en")

        home = self.load_home(fa, en)
        desk = ensure_child(
            home,
            ServiceDeskPage,
            {"slug": "e-services"},
            {**content.DESK["fa"], "show_in_menus": True},
        )
        ensure_translation(desk, en, content.DESK["en"])

        app = self.load_app(fa, en)
        self.load_offices(fa, en)
        # The default statuses where missing, and their English translations.
        ensure_default_statuses(RequestStatus)
        groups = self.load_groups(desk, en)
        self.load_seed_services(groups, en, app)
        self.load_demo_services(groups, en, app)
        self.load_bill_dataset()
        self.load_holidays()
        self.load_info_pages(home, en)

        self.stdout.write(
            self.style.SUCCESS(
                "Demo desk ready: %d groups, %d services, %d counter offices (per language)."
                % (
                    ServiceGroupPage.objects.filter(locale=fa).count(),
                    ServicePage.objects.filter(locale=fa).count(),
                    CounterOffice.objects.filter(locale=fa).count(),
                )
            )
        )
        if eservices_settings.ESERVICES_DEMO_ADMIN:
            self.load_admin()

    def load_info_pages(self, home: HomePage, en: Locale) -> None:
        """The accessibility statement and the privacy notice, linked in every page's footer."""
        for data in content.INFO_PAGES:
            page = ensure_child(home, InfoPage, {"slug": data["slug"]}, data["fa"])
            ensure_translation(page, en, data["en"])

    def load_holidays(self) -> None:
        """The official holidays fixed in the solar calendar, this year and next. The lunar
        ones move every year; the operator adds them from the official calendar."""
        this_year = jdatetime.date.today().year
        for year in (this_year, this_year + 1):
            for month, day, name in content.SOLAR_HOLIDAYS:
                Holiday.objects.get_or_create(
                    date=jdatetime.date(year, month, day).togregorian(), defaults={"name": name}
                )

    def load_home(self, fa: Locale, en: Locale) -> HomePage:
        # Wagtail's migrations make the roots of the page and collection trees; a flushed
        # database (``manage.py flush``, transactional tests) has neither.
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=fa)
        )
        Collection.get_first_root_node() or Collection.add_root(name="Root")
        home = HomePage.objects.filter(locale=fa, depth=2).first()
        if home is None:
            # The placeholder page Wagtail's migrations create would take the slug "home".
            for page in root.get_children().filter(slug="home"):
                if page.specific_class is Page and page.is_leaf():
                    page.delete()
            home = HomePage(slug="home", **content.HOME["fa"])
            root.add_child(instance=home)
            publish(home)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=content.HOME["fa"]["title"],
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        ensure_translation(home, en, content.HOME["en"])
        return home

    def load_app(self, fa: Locale, en: Locale) -> MobileApp:
        app = MobileApp.objects.filter(locale=fa, name=content.APP["fa"]["name"]).first()
        if app is None:
            file = ensure_document(
                "برق من — راهنمای نصب (نمونه)",
                "bargh-man-demo-guide.pdf",
                [
                    "My Electricity - installation guide (DEMO)",
                    "",
                    "This file stands in for the app's installation file.",
                    "A real desk uploads the app's file in the admin.",
                ],
            )
            app = MobileApp.objects.create(
                locale=fa,
                bazaar_url=content.APP["bazaar_url"],
                myket_url=content.APP["myket_url"],
                file=file,
                **content.APP["fa"],
            )
        ensure_snippet_translation(app, en, content.APP["en"])
        return app

    def load_offices(self, fa: Locale, en: Locale) -> None:
        for data in content.OFFICES:
            office = CounterOffice.objects.filter(locale=fa, name=data["fa"]["name"]).first()
            if office is None:
                office = CounterOffice.objects.create(
                    locale=fa,
                    province=data["province"],
                    phone=data["phone"],
                    is_active=data["is_active"],
                    **data["fa"],
                )
            ensure_snippet_translation(office, en, data["en"])

    def load_groups(self, desk: ServiceDeskPage, en: Locale) -> dict[str, ServiceGroupPage]:
        groups = {}
        for group_data, icon in zip(content.CATALOG["groups"], content.GROUP_ICONS, strict=True):
            group = ensure_child(
                desk,
                ServiceGroupPage,
                {"national_id": group_data["id"]},
                {"title": group_data["title_fa"], "slug": group_data["id"], "icon": icon},
            )
            ensure_translation(group, en, {"title": group_data["title_en"]})
            groups[group_data["id"]] = group
        return groups

    def channels(self, kinds: list[tuple[str, str]], app: MobileApp) -> list[ServiceChannel]:
        return [
            ServiceChannel(kind=kind, phone=phone, app=app if kind == "app" else None)
            for kind, phone in kinds
        ]

    def identity_document(self, national_id: str, title_en: str) -> Document:
        return ensure_document(
            "شناسنامه خدمت %s (نمونه)" % national_id,
            "service-%s.pdf" % national_id,
            [
                "Service identity document (DEMO)",
                "",
                "Service ID: %s" % national_id,
                "Service: %s" % title_en,
                "",
                "A stand-in made by the demo loader. A real desk uploads",
                "the official service identity document in the admin.",
            ],
        )

    def load_seed_services(self, groups, en: Locale, app: MobileApp) -> None:
        for group_data in content.CATALOG["groups"]:
            for data in group_data.get("services", []):
                channel_kinds = [
                    (kind, data.get("phone", "") if kind == "phone" else "")
                    for kind in data["channels"]
                ]
                amount, unit = content.SEED_RESPONSE_TIMES.get(data["id"], (None, "working_hours"))
                fa_extra = content.SEED_SERVICES_FA.get(data["id"], {})
                service = ensure_child(
                    groups[group_data["id"]],
                    ServicePage,
                    {"national_id": data["id"]},
                    {
                        "title": data["title_fa"],
                        "slug": data["id"],
                        "kind": data["kind"],
                        "description": data.get("description_fa", fa_extra.get("description", "")),
                        "response_time_amount": amount,
                        "response_time_unit": unit,
                        "form_guide": content.SEED_GUIDE_FA,
                        "requires_identity": data.get("requires_identity", False),
                        "check_answers": data["id"] in content.CHECK_ANSWERS_SERVICES,
                        "identity_document": self.identity_document(data["id"], data["title_en"]),
                        "channels": self.channels(channel_kinds, app),
                    },
                )
                ensure_translation(
                    service,
                    en,
                    {
                        "title": data["title_en"],
                        "form_guide": content.SEED_GUIDE_EN,
                        **content.SEED_SERVICES_EN[data["id"]],
                    },
                )
                fields, labels_en = self.seed_form(data)
                ensure_form_fields(service, fields, labels_en)
                ensure_survey(service)

    def load_demo_services(self, groups, en: Locale, app: MobileApp) -> None:
        for data in content.DEMO_SERVICES:
            amount, unit = data["response_time"]
            service = ensure_child(
                groups[data["group"]],
                ServicePage,
                {"national_id": data["national_id"]},
                {
                    **data["fa"],
                    "slug": data["slug"],
                    "kind": data["kind"],
                    "response_time_amount": amount,
                    "response_time_unit": unit,
                    "identity_document": self.identity_document(
                        data["national_id"], data["en"]["title"]
                    ),
                    "channels": self.channels(data["channels"], app),
                },
            )
            ensure_translation(service, en, data["en"])
            fields, labels_en = self.demo_form(data["national_id"])
            ensure_form_fields(service, fields, labels_en)

    def load_bill_dataset(self) -> None:
        """About 1,000 generated bills behind the bill inquiry's View tab (demo content)."""
        spec = content.BILL_DATASET
        dataset, created = Dataset.objects.get_or_create(
            name=spec["name"],
            defaults={"key_column": spec["key_column"], "columns": spec["columns"]},
        )
        if dataset.row_count == 0:
            report = import_dataset(dataset, io.BytesIO(demo_bills_csv(spec["rows"])), "bills.csv")
            if not report.ok:
                raise CommandError("The demo bills did not import: %s" % report.errors[:3])
        bill_id_field = {
            "label": "شناسه قبض",
            "field_type": "bill_id",
            "required": True,
            "role": "",
        }
        for service in ServicePage.objects.filter(national_id="13031465101"):
            if service.lookup_source != "dataset":
                service.lookup_source = "dataset"
                service.lookup_dataset = dataset
                publish(service)
        fa_service = ServicePage.objects.get(national_id="13031465101", locale__language_code="fa")
        ensure_form_fields(fa_service, [bill_id_field], ["Bill ID"])
        ensure_survey(fa_service)
        self.stdout.write("A sample bill ID for the inquiry: %s" % first_bill_id())

    def seed_form(self, data: dict) -> tuple[list[dict], list[str]]:
        """The guide's form where it shows one (the complaint), else the demo's."""
        if "fields" not in data:
            return self.demo_form(data["id"])
        fields = []
        for index, field in enumerate(data["fields"]):
            field_type = content.CATALOG_FIELD_TYPES[field["type"]]
            fields.append(
                {
                    "label": field["label_fa"],
                    "field_type": field_type,
                    "required": field["required"],
                    # The first national code of the guide's form is the registrant's.
                    "role": "registrant_national_code" if index == 0 else "",
                    **content.COMPLAINT_FIELD_OPTIONS.get(field["label_fa"], {}),
                }
            )
        return fields, content.COMPLAINT_LABELS_EN

    def demo_form(self, national_id: str) -> tuple[list[dict], list[str]]:
        rows = content.DEMO_FORMS.get(national_id, [])
        fields = [
            {"label": fa, "field_type": kind, "required": required, "role": role, **extra}
            for fa, _en, kind, required, role, extra in rows
        ]
        return fields, [row[1] for row in rows]

    def load_admin(self) -> None:
        username = eservices_settings.ESERVICES_DEMO_ADMIN_USERNAME
        password = eservices_settings.ESERVICES_DEMO_ADMIN_PASSWORD
        user_model = get_user_model()
        # Wagtail's account page saves the admin's language only with a first and last name.
        names = {"first_name": "مدیر", "last_name": "نمونه"}
        user = user_model.objects.filter(username=username).first()
        if user is not None:
            if not (user.first_name and user.last_name):
                for field, value in names.items():
                    setattr(user, field, getattr(user, field) or value)
                user.save(update_fields=list(names))
            self.stdout.write(
                "Demo admin user %r exists; its password is left as it is." % username
            )
            return
        user_model.objects.create_superuser(username, "admin@example.com", password, **names)
        self.stdout.write(
            self.style.WARNING(
                "Demo admin (development only): http://127.0.0.1:8000/admin/ "
                "username %r, password %r" % (username, password)
            )
        )
