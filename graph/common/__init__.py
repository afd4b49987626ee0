"""What every layer speaks: the Selection tree, a person's facets, the city's clock."""
