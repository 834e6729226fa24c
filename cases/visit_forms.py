"""Form parts of structured visits and record photos (issue 19): the photo field of the visit and
service record forms, and the checklist questions a visit form shows for a resident's key
populations. Validation only; cases.visits saves."""

import os

from crispy_forms.layout import HTML, Fieldset
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from activities.forms import MAX_UPLOAD_BYTES, is_image
from cases.models import YES_NO_LABELS, AnswerType

MAX_PHOTOS = 6
PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
ANSWER_PREFIX = "check_"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS photos from the phone's camera (static/js/visits.js shrinks each to at most
    1600 px before upload; without script the original is sent, up to 10 MB)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("照片"))
        kwargs.setdefault(
            "help_text",
            _("可用手机拍照，最多 %(count)s 张；照片在上传前自动缩小。") % {"count": MAX_PHOTOS},
        )
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"accept": "image/*", "capture": "environment", "multiple": "", "data-photo-input": ""}
        )

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        uploads = [super(PhotosField, self).clean(upload, initial) for upload in uploads]
        uploads = [upload for upload in uploads if upload]
        if len(uploads) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("一次最多上传 %(count)s 张照片。") % {"count": MAX_PHOTOS}
            )
        for upload in uploads:
            extension = os.path.splitext(upload.name)[1].lower()
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("每张照片不能超过 10 MB。"))
            if extension not in PHOTO_EXTENSIONS or not is_image(upload):
                raise forms.ValidationError(
                    _("“%(name)s”不是一张可以打开的照片（支持 JPG、PNG、WebP）。")
                    % {"name": upload.name}
                )
        return uploads


def add_checklist_fields(form, checklists) -> list:
    """Add a field per active question of `checklists` (each with `active_items`) to `form`, named
    `check_<item pk>`, and return the crispy fieldsets that show them, one per checklist, marked
    with its category (static/js/visits.js shows those of the chosen resident)."""
    form.checklist_items = {}
    fieldsets = []
    for checklist in checklists:
        names = []
        for item in checklist.active_items:
            name = f"{ANSWER_PREFIX}{item.pk}"
            form.fields[name] = answer_field(item)
            form.checklist_items[name] = item
            names.append(name)
        if names:
            fieldsets.append(
                Fieldset(
                    checklist.title,
                    *names,
                    css_class="border rounded p-2 mb-3",
                    data_checklist=checklist.category,
                )
            )
    return fieldsets


def answer_field(item):
    label = _("%(topic)s：%(question)s") % {
        "topic": item.get_topic_display(),
        "question": item.question,
    }
    if item.answer_type == AnswerType.TEXT:
        return forms.CharField(label=label, required=False, max_length=500)
    if item.answer_type == AnswerType.YES_NO:
        choices = YES_NO_LABELS
    else:
        choices = [(choice, choice) for choice in item.choice_list()]
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )


def checklist_answers(form, categories) -> list:
    """[(item, answer)] of the questions the form shows whose checklist is one of the resident's
    `categories` (an answer posted for another population's checklist is ignored)."""
    return [
        (item, form.cleaned_data.get(name, ""))
        for name, item in getattr(form, "checklist_items", {}).items()
        if item.checklist.category in categories and form.cleaned_data.get(name)
    ]


def checklist_intro() -> HTML:
    return HTML(
        format_html(
            '<p class="form-text mb-2" data-checklist-intro>{}</p>',
            gettext("根据服务对象所属的重点人群显示走访清单；每项可不填。"),
        )
    )
