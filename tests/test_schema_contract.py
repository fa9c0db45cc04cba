"""The committed schema.graphql is the API's contract: it must match the code, and describe everything."""

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from crosswalk import PROJECT_ROOT
from crosswalk.settings import Settings
from server.schema import build_schema

SCHEMA = build_schema(Settings())


def test_schema_file_matches_the_code():
    committed = (PROJECT_ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == SCHEMA.as_str() + "\n", "schema drifted: run `crosswalk schema -o schema.graphql` and review the diff"


def test_every_type_and_field_has_a_description():
    missing = []
    for name, type_ in SCHEMA._schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID", "Date", "DateTime", "JSON"}:
            continue
        if not type_.description:
            missing.append(name)
        if isinstance(type_, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)):
            for field_name, field in type_.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
        if isinstance(type_, GraphQLEnumType):
            continue
    assert missing == []
