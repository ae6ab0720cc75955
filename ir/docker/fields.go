package docker

import (
	"fmt"
	"strings"

	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/internal/dockerjson"
	"github.com/seccompc/seccompc/ir/internal/jsonread"
	"github.com/seccompc/seccompc/ir/internal/place"
)

// Fields of the Docker profile format, per object (package dockerjson
// holds the lists, for its decoder).
var (
	topFields     = dockerjson.TopFields
	archMapFields = dockerjson.ArchMapFields
	ruleFields    = dockerjson.RuleFields
	filterFields  = dockerjson.FilterFields
	argFields     = dockerjson.ArgFields
)

// fieldWarnings reports the keys of a Docker profile that the format
// does not define (matched case-insensitively, as encoding/json does).
func fieldWarnings(data []byte, file string) []ir.Warning {
	at := func(where string) string { return place.Pos(file, where) }
	top := object(data)
	if top == nil {
		return nil
	}
	ws := unknown(top, topFields, at(""))
	for i, m := range objects(top.get("archMap")) {
		ws = append(ws, unknown(m, archMapFields, at(fmt.Sprintf("archMap[%d]", i)))...)
	}
	for i, rule := range objects(top.get("syscalls")) {
		pos := at(fmt.Sprintf("syscalls[%d]", i))
		ws = append(ws, unknown(rule, ruleFields, pos)...)
		for _, f := range []string{"includes", "excludes"} {
			if flt := object(rule.get(f)); flt != nil {
				ws = append(ws, unknown(flt, filterFields, pos+" "+f)...)
			}
		}
		for j, a := range objects(rule.get("args")) {
			ws = append(ws, unknown(a, argFields, fmt.Sprintf("%s args[%d]", pos, j))...)
		}
	}
	return ws
}

// jsonObject is a JSON object read with its keys in input order.
type jsonObject struct {
	keys []string
	vals [][]byte
}

// get returns the value of key, matched case-insensitively; the last
// match wins, as in encoding/json.
func (o *jsonObject) get(key string) []byte {
	if o == nil {
		return nil
	}
	var v []byte
	for i, k := range o.keys {
		if strings.EqualFold(k, key) {
			v = o.vals[i]
		}
	}
	return v
}

// object reads raw as an object, or returns nil.
func object(raw []byte) *jsonObject {
	keys, vals, ok := jsonread.Members(raw)
	if !ok {
		return nil
	}
	return &jsonObject{keys, vals}
}

// objects reads raw as an array of objects; non-objects are nil.
func objects(raw []byte) []*jsonObject {
	elems, _ := jsonread.Elements(raw)
	out := make([]*jsonObject, len(elems))
	for i, e := range elems {
		out[i] = object(e)
	}
	return out
}

// unknown reports o's keys that are not in fields.
func unknown(o *jsonObject, fields []string, pos string) []ir.Warning {
	if o == nil {
		return nil
	}
	var ws []ir.Warning
	for _, k := range o.keys {
		known := false
		for _, f := range fields {
			known = known || strings.EqualFold(f, k)
		}
		if !known {
			ws = append(ws, ir.Warning{Kind: ir.WarnUnknownField, Pos: pos, Msg: "unknown field " + quote.Value(k) + " ignored"})
		}
	}
	return ws
}
