"""GraphiQL without a CDN: strawberry's page pointed at the copies vendored in static/vendor/graphiql.

The vendored files are byte-identical to the npm packages strawberry's template names (its
Subresource Integrity hashes still match them); licences in static/vendor/graphiql/LICENSES.txt.
"""

import re

VENDOR = "/static/vendor/graphiql/"
LOCAL = {
    "https://unpkg.com/react@18.2.0/umd/react.production.min.js": "react.production.min.js",
    "https://unpkg.com/react-dom@18.2.0/umd/react-dom.production.min.js": "react-dom.production.min.js",
    "https://unpkg.com/js-cookie@3.0.5/dist/js.cookie.min.js": "js.cookie.min.js",
    "https://unpkg.com/graphiql@3.8.3/graphiql.min.css": "graphiql.min.css",
    "https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/style.css": "plugin-explorer.css",
    "https://unpkg.com/graphiql@3.8.3/graphiql.min.js": "graphiql.min.js",
    "https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/index.umd.js": "plugin-explorer.umd.js",
}


class UnknownAsset(RuntimeError):
    """strawberry's template names an asset we have not vendored (it was upgraded): fail loudly, not online."""


def offline(html: str) -> str:
    """The page with every external script and stylesheet served by Crosswalk itself."""
    for url, name in LOCAL.items():
        html = html.replace(url, VENDOR + name)
    remaining = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    if remaining:
        raise UnknownAsset(f"GraphiQL page still loads {remaining}: vendor them into server/web/static/vendor/graphiql")
    return html.replace("crossorigin\n", "").replace(" crossorigin ", " ")
