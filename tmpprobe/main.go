package main

import (
	"context"
	"fmt"
	"os"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func main() {
	ctx := context.Background()
	d, err := n4j.NewDriverWithContext(os.Getenv("NEO4J_URI"), n4j.BasicAuth(os.Getenv("NEO4J_USERNAME"), os.Getenv("NEO4J_PASSWORD"), ""))
	if err != nil {
		panic(err)
	}
	for _, q := range os.Args[1:] {
		db := ""
		if len(q) > 7 && q[:7] == "system:" {
			db, q = "system", q[7:]
		}
		res, err := n4j.ExecuteQuery(ctx, d, q, nil, n4j.EagerResultTransformer, n4j.ExecuteQueryWithDatabase(db))
		if err != nil {
			fmt.Println("ERR", err)
			continue
		}
		for _, r := range res.Records {
			fmt.Println(r.Keys, r.Values)
		}
		fmt.Println("summary", res.Summary.Counters().ContainsUpdates())
	}
}

func init() {
	if len(os.Args) > 1 && os.Args[1] == "explain" {
		ctx := context.Background()
		d, _ := n4j.NewDriverWithContext(os.Getenv("NEO4J_URI"), n4j.BasicAuth(os.Getenv("NEO4J_USERNAME"), os.Getenv("NEO4J_PASSWORD"), ""))
		for _, q := range os.Args[2:] {
			res, err := n4j.ExecuteQuery(ctx, d, "EXPLAIN "+q, map[string]any{"rows": []any{}, "types": []any{}, "labels": []any{}, "ids": []any{}, "items": []any{}, "a": "x", "b": "y"}, n4j.EagerResultTransformer)
			if err != nil {
				fmt.Println("ERR", err)
				continue
			}
			var walk func(p n4j.Plan, depth int)
			walk = func(p n4j.Plan, depth int) {
				fmt.Printf("%*s%s\n", depth*2, "", p.Operator())
				for _, c := range p.Children() {
					walk(c, depth+1)
				}
			}
			walk(res.Summary.Plan(), 0)
			fmt.Println("--")
		}
		os.Exit(0)
	}
}
