"""A custom dropdown that is a <button role=combobox> is named by its <label for>: a button is
labelable in HTML (realsites: EverShop's Country and Province, causes/combobox-label-for.html)."""

BODY = """<!doctype html><html lang="en"><body><main><form>
<label for="country">Country *</label>
<button type="button" id="country" role="combobox" aria-haspopup="listbox">Country</button>
<label for="region">Province *</label>
<div id="region" role="combobox" tabindex="0" aria-expanded="false">Province</div>
</form></main></body></html>"""


def test_label_for_names_a_button_widget_not_a_div(snapshot):
    labels = {f.tag.get("id"): f.label for f in snapshot(BODY).content_fields}
    assert labels == {"country": "Country *", "region": ""}  # a div is not labelable
