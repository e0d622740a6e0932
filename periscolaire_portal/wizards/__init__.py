from . import periscolaire_attendance_wizard
from . import periscolaire_booking_wizard
from . import periscolaire_request_refuse_wizard
from . import periscolaire_request_priority_wizard
from . import periscolaire_document_refuse_wizard
from . import portal_wizard_user
