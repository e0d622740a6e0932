from . import test_messages
