"""Who may see and change what, defined once: viewer, actor, roles and the visibility rule.

- Published data (frameworks, requirements, mappings, concepts from the seeds or Crosswalk's
  editors) has no `org` and everyone may see it.
- An organisation's data (a control set, its controls, the mappings they assert, their audit
  records) carries `org` and only that organisation's keys and admin keys may see it.
- Anonymous callers are the PUBLIC viewer.
- Roles rank reader < editor < admin. Writes need editor; organisation keys change only their
  own organisation's data; published data is changed only by keys without an organisation
  (or admin).

Cypher applies the same rule through one fragment, queries/fragments/visible.cypher
(`{{ visible x }}`), with the `$viewer` parameter that GraphReader fills in from Viewer.as_param.
"""

from dataclasses import dataclass

from crosswalk.errors import AccessDenied

ROLES = ("reader", "editor", "admin")
RANK = {role: i for i, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Actor:
    """Who writes: the API key's name, its role and organisation (None for cross-organisation keys)."""

    name: str
    role: str
    org: str | None = None

    def may_touch(self, org: str | None) -> bool:
        return org is None or self.role == "admin" or self.org == org


@dataclass(frozen=True)
class Viewer:
    """Whose organisation data a read may see: seed data is public, control sets are not."""

    admin: bool = False
    orgs: tuple[str, ...] = ()
    keyed: bool = False  # an API key was sent: who changed what (key names) is shown only then

    def as_param(self) -> dict:
        return {"admin": self.admin, "orgs": list(self.orgs)}

    def sees(self, org: str | None) -> bool:
        """The visibility rule (the Python twin of queries/fragments/visible.cypher)."""
        return org is None or self.admin or org in self.orgs


PUBLIC = Viewer()


def viewer_of(actor: Actor | None) -> Viewer:
    """What a caller may read: anonymous is PUBLIC; an admin key sees everything; an org key its org."""
    if actor is None:
        return PUBLIC
    return Viewer(admin=actor.role == "admin", orgs=(actor.org,) if actor.org else (), keyed=True)


def shown_actor(viewer: Viewer, name: str, role: str) -> str:
    """An audit record's actor as this viewer may see it: key names are not shown to anonymous callers."""
    return name if viewer.keyed else f"a key with the {role} role"


def check_control_set_id(id: str, owner: str) -> None:
    """A control set's id names its organisation (org:acme, org:acme-isms), so no key can squat another's name."""
    if id != f"org:{owner}" and not id.startswith(f"org:{owner}"):
        raise AccessDenied(f"control set ids of organisation '{owner}' start with 'org:{owner}', not '{id}'",
                           f"name it org:{owner} or org:{owner}-<something>")


def check_public(actor: Actor, target: str) -> None:
    """Published (non-organisation) data is edited by Crosswalk's own editors, not by an organisation's key."""
    if actor.org is not None and actor.role != "admin":
        raise AccessDenied(f"key '{actor.name}' belongs to organisation '{actor.org}' and may change only that "
                           f"organisation's control sets, not '{target}'")


def check_org(actor: Actor, org: str | None, target: str) -> None:
    """The actor may change data of organisation `org`."""
    if not actor.may_touch(org):
        raise AccessDenied(f"'{target}' belongs to organisation '{org}'; key '{actor.name}' "
                           f"is for {repr(actor.org) if actor.org else 'no organisation'}")
