from . import periscolaire_family
