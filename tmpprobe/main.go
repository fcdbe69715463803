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
