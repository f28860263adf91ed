package journal

import (
	"fmt"
	"io"
	"reflect"
	"strings"
)

// Dump writes every exported field of the model as text, one value a line,
// in the model's own order: two journals with the same dump are the same
// model. The people, entries, events, orgs and tags are written in full in
// their lists and named by kind and slug everywhere else, as is the need a
// match is for, so the dump has no cycles. Tests compare a journal patched
// in place (Patch) with one built anew by their dumps.
func (j *Journal) Dump(w io.Writer) error {
	d := &dumper{w: w}
	v := reflect.ValueOf(j).Elem()
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		fv := v.Field(i)
		if f.Name == "People" || f.Name == "Entries" || f.Name == "Events" || f.Name == "Orgs" || f.Name == "Tags" {
			for k := range fv.Len() {
				d.value(fmt.Sprintf("%s[%d]", f.Name, k), fv.Index(k).Elem(), true)
			}
			continue
		}
		d.value(f.Name, fv, false)
	}
	return d.err
}

type dumper struct {
	w   io.Writer
	err error
}

func (d *dumper) line(path, s string) {
	if d.err == nil {
		_, d.err = fmt.Fprintf(d.w, "%s = %s\n", path, s)
	}
}

var nodeTypes = map[reflect.Type]string{
	reflect.TypeFor[Person](): "person",
	reflect.TypeFor[Entry]():  "entry",
	reflect.TypeFor[Event]():  "event",
	reflect.TypeFor[Org]():    "org",
	reflect.TypeFor[Tag]():    "tag",
}

// value writes v at path; a node (person, entry, ...) is written in full
// only when whole is set, else by name.
func (d *dumper) value(path string, v reflect.Value, whole bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			d.line(path, "nil")
			return
		}
		e := v.Elem()
		if kind, ok := nodeTypes[e.Type()]; ok && !whole {
			d.line(path, kind+":"+e.FieldByName("Slug").String())
			return
		}
		if n, ok := v.Interface().(*Need); ok && strings.HasSuffix(path, ".Need") {
			d.line(path, "need:"+n.Source+":"+n.Text)
			return
		}
		d.value(path, e, whole)
	case reflect.Struct:
		if dt, ok := v.Interface().(Date); ok {
			d.line(path, dt.String())
			return
		}
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			d.value(path+"."+f.Name, v.Field(i), false)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			d.line(path, fmt.Sprintf("%q", v.Bytes()))
			return
		}
		d.line(path+".len", fmt.Sprint(v.Len()))
		for i := range v.Len() {
			d.value(fmt.Sprintf("%s[%d]", path, i), v.Index(i), false)
		}
	case reflect.Map:
		d.line(path, fmt.Sprintf("map of %d", v.Len()))
	case reflect.Func:
		d.line(path, "func")
	default:
		d.line(path, fmt.Sprintf("%#v", v.Interface()))
	}
}
