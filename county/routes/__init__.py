"""The county API's routes: sync (enrolment, push, pull), blobs (photos), admin (scripts and
the command line). Each module's ``router(...)`` builds its APIRouter."""
