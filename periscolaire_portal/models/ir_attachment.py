# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

from ..rules import documents as rules_documents


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _periscolaire_check_upload(self, name, raw):
        """The type of a file sent by a family (read from its content); a French UserError when
        it is empty, larger than the limit or neither a PDF nor an image.

        The one check of every file the portal receives: documents, medical certificates,
        justifications of exceptional requests.
        """
        if not raw:
            raise UserError(self.env._("Le fichier « %s » est vide.", name))
        if len(raw) > rules_documents.MAX_FILE_SIZE:
            raise UserError(
                self.env._(
                    "Le fichier « %(name)s » dépasse %(limit)s.",
                    name=name,
                    limit=rules_documents.size_label(),
                )
            )
        mimetype = guess_mimetype(raw)
        if mimetype not in rules_documents.ACCEPTED_MIMETYPES:
            raise UserError(
                self.env._("Le fichier « %s » doit être un PDF ou une image (JPEG, PNG).", name)
            )
        return mimetype

    @api.model
    def _periscolaire_create_uploads(self, record, files, default_name=""):
        """The attachments of ``record`` for files a family sent from the portal, each checked
        by :meth:`_periscolaire_check_upload` and typed from its content (never as the browser
        names it).

        :param files: dicts with ``name`` and ``raw`` (bytes)
        Created as superuser: the caller has checked that the parent may act on ``record``.
        """
        vals_list = []
        for file in files:
            name = file.get("name") or default_name
            raw = file.get("raw") or b""
            vals_list.append(
                {
                    "name": name,
                    "datas": base64.b64encode(raw),
                    "mimetype": self._periscolaire_check_upload(name, raw),
                    "res_model": record._name,
                    "res_id": record.id,
                }
            )
        return self.sudo().create(vals_list)
