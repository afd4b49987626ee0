"""The default policies, one YAML file per agency and groups.yaml: package data `graph.policies`
(pyproject.toml), so an installed server reads them with importlib.resources. A deployment keeps its
own folder and names it with LIENTHONG_POLICIES."""
