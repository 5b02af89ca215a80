"""QuickSelect renders what Django's Select renders (same options, attributes, selection)."""

from __future__ import annotations

from django import forms
from django.test import SimpleTestCase

from partnership.widgets import QuickSelect

CHOICES = [("", "All"), ("open", "Open & <new>"), ("done", "Done"), ("done", "Done again")]


class Both(forms.Form):
    quick = forms.ChoiceField(choices=CHOICES, required=False, widget=QuickSelect(
        attrs={"class": "govuk-select"}))
    django = forms.ChoiceField(choices=CHOICES, required=False, widget=forms.Select(
        attrs={"class": "govuk-select"}))


class QuickSelectTests(SimpleTestCase):
    def rendered(self, data: dict[str, str] | None) -> tuple[str, str]:
        form = Both(data)
        form.is_valid()
        quick = str(form["quick"]).replace("quick", "field")
        django = str(form["django"]).replace("django", "field")
        return quick, django

    def test_nothing_chosen_is_the_same_markup_as_djangos(self) -> None:
        quick, django = self.rendered(None)
        self.assertHTMLEqual(quick, django)
        self.assertInHTML('<option value="" selected>All</option>', quick)

    def test_a_choice_is_selected_once_and_labels_are_escaped(self) -> None:
        quick, django = self.rendered({"quick": "done", "django": "done"})
        self.assertHTMLEqual(quick, django)
        self.assertEqual(quick.count(" selected"), 1)
        self.assertIn('<option value="done" selected>Done</option>', quick)
        self.assertIn("Open &amp; &lt;new&gt;", quick)

    def test_attributes_and_errors_reach_the_select(self) -> None:
        field = QuickSelect(attrs={"class": "govuk-select", "aria-describedby": "x-error"})
        field.choices = [("1", "One")]
        html = field.render("lead", "1", attrs={"id": "id_lead", "required": True})
        self.assertHTMLEqual(html, '<select name="lead" class="govuk-select" '
                                   'aria-describedby="x-error" id="id_lead" required>'
                                   '<option value="1" selected>One</option></select>')

    def test_option_groups_fall_back_to_djangos_rendering(self) -> None:
        grouped = [("Open", [("a", "A"), ("b", "B")]), ("c", "C")]
        html = QuickSelect(choices=grouped).render("g", "b")
        self.assertHTMLEqual(html, forms.Select(choices=grouped).render("g", "b"))
        self.assertIn("<optgroup", html)
