// May the viewer ($viewer: {admin, orgs}) see <n>? Published data has no org; an organisation's
// data is seen by that organisation's keys and by admin keys. The one definition: graph/access.py.
<n>.org IS NULL OR $viewer.admin OR <n>.org IN $viewer.orgs
