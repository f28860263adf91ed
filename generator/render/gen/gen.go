// Package gen writes the default theme's fast path: Go code generated from
// html/template's own escaped parse tree of the theme's templates, so that
// the templates stay the one definition of the theme. html/template decides
// the context of every action (text, attribute, URL, CSS) and appends its
// escapers to the action; gen walks that tree over the static types of the
// page data and emits, for each action, the writer method of render/escape.go
// that escapes as that chain of escapers does. A construct gen does not know
// is an error, never a guess.
package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"html/template"
	"io"
	"io/fs"
	"path"
	"reflect"
	"sort"
	"strings"
	"text/template/parse"

	"kith/generator/journal"
	"kith/generator/page"
	"kith/generator/render"
)

// Pages are the page kinds written by generated code: the busiest ones.
var pages = []string{"entry", "person"}

// views are the types of the page kinds' views (render.Page.View), which
// the generated writer of that kind asserts once and then reads statically.
var views = map[string]reflect.Type{
	"person": reflect.TypeFor[page.PersonView](),
	"entry":  reflect.TypeFor[page.EntryView](),
}

// fragments are the cached partials written by generated code, with the
// field and type of the one value each depends on (render.Page.Cached).
var fragments = []struct {
	name, field string
	typ         reflect.Type
}{
	{"person-chip", "Person", reflect.TypeFor[*journal.Person]()},
	{"entry-row", "Entry", reflect.TypeFor[*journal.Entry]()},
}

// funcs are the theme's functions gen can call: the Go function and its
// result type (render's funcs map has the same names).
var funcs = map[string]struct {
	call string
	typ  reflect.Type
}{
	"date":     {"dateHTML", reflect.TypeFor[template.HTML]()},
	"dateLong": {"dateLong", reflect.TypeFor[template.HTML]()},
	"monthDay": {"monthDay", reflect.TypeFor[template.HTML]()},
	"span":     {"span", reflect.TypeFor[string]()},
	"ago":      {"ago", reflect.TypeFor[string]()},
	"plural":   {"plural", reflect.TypeFor[string]()},
	"initials": {"initials", reflect.TypeFor[string]()},
	"hue":      {"hue", reflect.TypeFor[int]()},
	"logText":  {"content.Untag", reflect.TypeFor[string]()},
	"join":     {"strings.Join", reflect.TypeFor[string]()},
	"lower":    {"strings.ToLower", reflect.TypeFor[string]()},
}

// Sources returns the theme's .html files by name.
func Sources(theme fs.FS) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := fs.WalkDir(theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".html" {
			return err
		}
		b, err := fs.ReadFile(theme, p)
		out[p] = b
		return err
	})
	return out, err
}

// Generate returns the Go source of package render's generated writers
// for the theme's templates.
func Generate(theme fs.FS) ([]byte, error) {
	sources, err := Sources(theme)
	if err != nil {
		return nil, err
	}
	stub := template.FuncMap{"dict": func(...any) any { return nil }}
	for _, n := range []string{"first", "neg", "add", "entriesByYear", "hasReason"} {
		stub[n] = func(...any) any { return nil }
	}
	for n := range funcs {
		stub[n] = func(...any) any { return nil }
	}
	var partials []string
	for n := range sources {
		if strings.HasPrefix(path.Base(n), "_") {
			partials = append(partials, n)
		}
	}
	sort.Strings(partials)
	parseSet := func(page string) (*template.Template, error) {
		t := template.New(render.LayoutFile).Funcs(stub)
		if _, err := t.Parse(string(sources[render.LayoutFile])); err != nil {
			return nil, err
		}
		for _, n := range partials {
			if _, err := t.New(n).Parse(string(sources[n])); err != nil {
				return nil, err
			}
		}
		if page != "" {
			if _, err := t.New(page).Parse(string(sources[page])); err != nil {
				return nil, err
			}
		}
		return t, nil
	}
	g := &gen{imports: map[string]bool{}}
	pageType := reflect.TypeFor[*render.Page]()
	for _, kind := range pages {
		t, err := parseSet(kind + ".html")
		if err != nil {
			return nil, err
		}
		// Executing escapes the whole template set reachable from the
		// layout; the data is nil, so execution itself stops at once.
		_ = t.ExecuteTemplate(io.Discard, render.LayoutFile, nil)
		g.trees = map[string]*parse.Tree{}
		for _, x := range t.Templates() {
			if x.Tree != nil {
				g.trees[x.Name()] = x.Tree
			}
		}
		fmt.Fprintf(&g.body, "\n// page_%s writes base.html around %s.html.\nfunc page_%s(w writer, p *Page) error {\n", kind, kind, ident(kind))
		g.view = nil
		if vt := views[kind]; vt != nil {
			g.use(vt)
			g.imports["fmt"] = true
			g.line("view, ok := p.View.(%s)", vt)
			g.line("if !ok {\nreturn fmt.Errorf(\"%s page: view is %%T, not %s\", p.View)\n}", kind, vt)
			g.view = &val{expr: "view", typ: vt}
		}
		root := val{expr: "p", typ: pageType}
		if err := g.template(render.LayoutFile, root); err != nil {
			return nil, fmt.Errorf("%s.html: %w", kind, err)
		}
		g.body.WriteString("return nil\n}\n")
	}
	t, err := parseSet("")
	if err != nil {
		return nil, err
	}
	for _, f := range fragments {
		fx, err := t.Clone()
		if err != nil {
			return nil, err
		}
		_ = fx.ExecuteTemplate(io.Discard, f.name, nil)
		g.trees = map[string]*parse.Tree{}
		for _, x := range fx.Templates() {
			if x.Tree != nil {
				g.trees[x.Name()] = x.Tree
			}
		}
		fmt.Fprintf(&g.body, "\n// frag_%s writes the partial %q.\nfunc frag_%s(w writer, p *Frag, x %s) error {\n", ident(f.name), f.name, ident(f.name), f.typ)
		g.use(f.typ)
		dot := val{rec: map[string]val{"Page": {expr: "p", typ: reflect.TypeFor[*render.Frag]()}, f.field: {expr: "x", typ: f.typ}}}
		if err := g.template(f.name, dot); err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		g.body.WriteString("return nil\n}\n")
	}

	var out bytes.Buffer
	out.WriteString("// Code generated by generator/render/gen from the default theme's templates; DO NOT EDIT.\n\n")
	out.WriteString("package render\n\n")
	var imps []string
	for i := range g.imports {
		imps = append(imps, i)
	}
	sort.Strings(imps)
	if len(imps) > 0 {
		out.WriteString("import (\n")
		for _, i := range imps {
			fmt.Fprintf(&out, "%q\n", i)
		}
		out.WriteString(")\n")
	}
	sums := render.TemplateSums(sources, pages)
	out.WriteString("\n// generatedSums returns render.TemplateSums of the templates this file\n// was generated from.\nfunc generatedSums() map[string]string {\nreturn map[string]string{\n")
	for _, k := range append([]string{render.FragmentsSum}, pages...) {
		fmt.Fprintf(&out, "%q: %q,\n", k, sums[k])
	}
	out.WriteString("}\n}\n")
	out.WriteString("\n// generatedPages returns the page kinds written by generated code.\nfunc generatedPages() map[string]func(writer, *Page) error {\nreturn map[string]func(writer, *Page) error{\n")
	for _, kind := range pages {
		fmt.Fprintf(&out, "%q: page_%s,\n", kind, ident(kind))
	}
	out.WriteString("}\n}\n")
	out.WriteString("\n// generatedFragments returns the cached partials written by generated code.\nfunc generatedFragments() map[string]func(writer, *Frag, any) error {\nreturn map[string]func(writer, *Frag, any) error{\n")
	for _, f := range fragments {
		fmt.Fprintf(&out, "%q: func(w writer, p *Frag, x any) error { return frag_%s(w, p, x.(%s)) },\n", f.name, ident(f.name), f.typ)
	}
	out.WriteString("}\n}\n")
	out.Write(g.body.Bytes())
	src, err := format.Source(out.Bytes())
	if err != nil {
		return out.Bytes(), fmt.Errorf("formatting the generated code: %w", err)
	}
	return src, nil
}

func ident(name string) string { return strings.NewReplacer("-", "_", ".", "_").Replace(name) }

// val is a value of the template's data: a Go expression of a static type,
// or a record (the map dict builds, or a fragment's data) of such values.
type val struct {
	expr string
	typ  reflect.Type
	rec  map[string]val
}

// scope is what names mean in one place of a template.
type scope struct {
	dot  val
	vars []map[string]val // innermost last
}

func (s *scope) lookup(name string) (val, bool) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if v, ok := s.vars[i][name]; ok {
			return v, true
		}
	}
	return val{}, false
}

func (s scope) with(dot val) scope {
	s.dot = dot
	s.vars = append(s.vars[:len(s.vars):len(s.vars)], map[string]val{})
	return s
}

type gen struct {
	body    bytes.Buffer
	trees   map[string]*parse.Tree
	tree    *parse.Tree // the tree being walked, for error positions
	n       int
	imports map[string]bool
	view    *val // the page's view, statically typed, while writing a kind that has one
}

func (g *gen) line(format string, args ...any) {
	fmt.Fprintf(&g.body, format, args...)
	g.body.WriteByte('\n')
}

func (g *gen) tmp() string { g.n++; return fmt.Sprintf("v%d", g.n) }

// use notes the import a type's name needs.
func (g *gen) use(t reflect.Type) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if p := t.PkgPath(); p != "" && p != "kith/generator/render" {
		g.imports[p] = true
	}
}

func (g *gen) errorf(n parse.Node, format string, args ...any) error {
	loc := ""
	if g.tree != nil && n != nil {
		loc, _ = g.tree.ErrorContext(n)
		loc += ": "
	}
	return fmt.Errorf("%s%s", loc, fmt.Sprintf(format, args...))
}

// template writes the named template with dot as its data.
func (g *gen) template(name string, dot val) error {
	t := g.trees[name]
	if t == nil {
		return fmt.Errorf("no template %q", name)
	}
	saved := g.tree
	g.tree = t
	defer func() { g.tree = saved }()
	sc := scope{dot: dot, vars: []map[string]val{{"$": dot}}}
	g.line("{")
	err := g.list(t.Root, sc)
	g.line("}")
	return err
}

func (g *gen) list(l *parse.ListNode, sc scope) error {
	if l == nil {
		return nil
	}
	for _, n := range l.Nodes {
		if err := g.node(n, sc); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) node(n parse.Node, sc scope) error {
	switch n := n.(type) {
	case *parse.TextNode:
		if len(n.Text) > 0 {
			g.line("w.lit(%q)", n.Text)
		}
		return nil
	case *parse.CommentNode:
		return nil
	case *parse.ActionNode:
		return g.action(n, sc)
	case *parse.IfNode:
		cond, err := g.truth(n.Pipe, sc)
		if err != nil {
			return err
		}
		g.line("if %s {", cond)
		if err := g.list(n.List, sc.with(sc.dot)); err != nil {
			return err
		}
		if n.ElseList != nil {
			g.line("} else {")
			if err := g.list(n.ElseList, sc.with(sc.dot)); err != nil {
				return err
			}
		}
		g.line("}")
		return nil
	case *parse.WithNode:
		if len(n.Pipe.Decl) > 0 {
			return g.errorf(n, "with and a variable")
		}
		v, err := g.pipe(n.Pipe, sc)
		if err != nil {
			return err
		}
		x := g.hold(v)
		g.line("if %s {", truth(x))
		if err := g.list(n.List, sc.with(x)); err != nil {
			return err
		}
		if n.ElseList != nil {
			g.line("} else {")
			if err := g.list(n.ElseList, sc.with(sc.dot)); err != nil {
				return err
			}
		}
		g.line("}")
		return nil
	case *parse.RangeNode:
		v, err := g.pipe(n.Pipe, sc)
		if err != nil {
			return err
		}
		if v.typ == nil || v.typ.Kind() != reflect.Slice {
			return g.errorf(n, "range over %v, not a list", v.typ)
		}
		x := g.hold(v)
		if n.ElseList != nil {
			g.line("if len(%s) == 0 {", x.expr)
			if err := g.list(n.ElseList, sc.with(sc.dot)); err != nil {
				return err
			}
			g.line("}")
		}
		i, e := g.tmp(), g.tmp()
		g.line("for %s, %s := range %s {", i, e, x.expr)
		g.line("_, _ = %s, %s", i, e)
		elem := val{expr: e, typ: v.typ.Elem()}
		in := sc.with(elem)
		switch len(n.Pipe.Decl) {
		case 0:
		case 1:
			in.vars[len(in.vars)-1][n.Pipe.Decl[0].Ident[0]] = elem
		case 2:
			in.vars[len(in.vars)-1][n.Pipe.Decl[0].Ident[0]] = val{expr: i, typ: reflect.TypeFor[int]()}
			in.vars[len(in.vars)-1][n.Pipe.Decl[1].Ident[0]] = elem
		}
		if err := g.list(n.List, in); err != nil {
			return err
		}
		g.line("}")
		return nil
	case *parse.TemplateNode:
		dot := val{}
		if n.Pipe != nil {
			v, err := g.pipe(n.Pipe, sc)
			if err != nil {
				return err
			}
			dot = v
		}
		return g.template(n.Name, dot)
	}
	return g.errorf(n, "gen does not write %T", n)
}

// hold keeps a value in a variable, so that it is computed once.
func (g *gen) hold(v val) val {
	if v.rec != nil {
		return v
	}
	x := g.tmp()
	g.line("%s := %s", x, v.expr)
	g.line("_ = %s", x)
	return val{expr: x, typ: v.typ}
}

func (g *gen) action(n *parse.ActionNode, sc scope) error {
	if len(n.Pipe.Decl) > 0 {
		v, err := g.pipe(n.Pipe, sc)
		if err != nil {
			return err
		}
		x := g.hold(v)
		sc.vars[len(sc.vars)-1][n.Pipe.Decl[0].Ident[0]] = x
		return nil
	}
	cmds := n.Pipe.Cmds
	var esc []string
	for len(cmds) > 1 {
		last := cmds[len(cmds)-1]
		id, ok := last.Args[0].(*parse.IdentifierNode)
		if !ok || len(last.Args) != 1 || !strings.HasPrefix(id.Ident, "_html_template_") {
			break
		}
		esc = append([]string{strings.TrimPrefix(id.Ident, "_html_template_")}, esc...)
		cmds = cmds[:len(cmds)-1]
	}
	if len(cmds) != 1 {
		return g.errorf(n, "a pipeline of %d commands", len(cmds))
	}
	v, err := g.cmd(cmds[0], sc)
	if err != nil {
		return err
	}
	return g.print(n, v, strings.Join(esc, "|"))
}

var (
	htmlType   = reflect.TypeFor[template.HTML]()
	errorType  = reflect.TypeFor[error]()
	stringer   = reflect.TypeFor[fmt.Stringer]()
	stringType = reflect.TypeFor[string]()
)

// print writes a value as html/template's escapers in chain would.
func (g *gen) print(n parse.Node, v val, chain string) error {
	if v.rec != nil {
		return g.errorf(n, "printing a record")
	}
	t := v.typ
	var s string // the value as a string, when it is printed as text
	switch {
	case t == htmlType:
	case t.Implements(stringer):
		s = v.expr + ".String()"
	case t.Kind() == reflect.String:
		s = v.expr
		if t != stringType {
			s = "string(" + s + ")"
		}
	}
	isInt := t.Kind() == reflect.Int && !t.Implements(stringer)
	switch chain {
	case "htmlescaper":
		switch {
		case t == htmlType:
			g.line("w.html(%s)", v.expr)
			return nil
		case isInt:
			g.line("w.int(%s)", v.expr)
			return nil
		case s != "":
			g.line("w.text(%s)", s)
			return nil
		}
	case "rcdataescaper", "attrescaper":
		switch {
		case isInt:
			g.line("w.int(%s)", v.expr)
			return nil
		case s != "" && t != htmlType:
			g.line("w.text(%s)", s)
			return nil
		}
	case "urlfilter|urlnormalizer|attrescaper":
		if s != "" && t != htmlType {
			g.line("w.url(%s)", s)
			return nil
		}
	case "urlnormalizer|attrescaper":
		if s != "" && t != htmlType {
			g.line("w.urlPart(%s)", s)
			return nil
		}
	case "cssvaluefilter|attrescaper":
		if isInt {
			g.line("w.int(%s)", v.expr)
			return nil
		}
	}
	return g.errorf(n, "gen cannot escape a %v with %q", t, chain)
}

// truth returns a Go condition: the pipeline's value is true as templates
// judge it (not empty).
func (g *gen) truth(p *parse.PipeNode, sc scope) (string, error) {
	if len(p.Decl) > 0 || len(p.Cmds) != 1 {
		return "", g.errorf(p, "a condition gen cannot write")
	}
	v, err := g.cmd(p.Cmds[0], sc)
	if err != nil {
		return "", err
	}
	return truth(v), nil
}

func truth(v val) string {
	if v.rec != nil {
		return "true"
	}
	switch v.typ.Kind() {
	case reflect.Bool:
		return v.expr
	case reflect.String:
		return v.expr + ` != ""`
	case reflect.Slice, reflect.Map:
		return "len(" + v.expr + ") > 0"
	case reflect.Pointer, reflect.Interface:
		return v.expr + " != nil"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return v.expr + " != 0"
	case reflect.Struct:
		return "true"
	}
	return "false /* unknown */"
}

func (g *gen) pipe(p *parse.PipeNode, sc scope) (val, error) {
	if len(p.Cmds) != 1 {
		return val{}, g.errorf(p, "a pipeline of %d commands", len(p.Cmds))
	}
	return g.cmd(p.Cmds[0], sc)
}

// cmd evaluates one command: a field chain, a method call, a function call
// or a literal.
func (g *gen) cmd(c *parse.CommandNode, sc scope) (val, error) {
	switch a := c.Args[0].(type) {
	case *parse.FieldNode:
		return g.chain(c, sc.dot, a.Ident, c.Args[1:], sc)
	case *parse.VariableNode:
		v, ok := sc.lookup(a.Ident[0])
		if !ok {
			return val{}, g.errorf(c, "no variable %s", a.Ident[0])
		}
		return g.chain(c, v, a.Ident[1:], c.Args[1:], sc)
	case *parse.IdentifierNode:
		return g.call(c, a.Ident, c.Args[1:], sc)
	}
	if len(c.Args) != 1 {
		return val{}, g.errorf(c, "arguments to %s", c.Args[0])
	}
	return g.arg(c.Args[0], sc)
}

// arg evaluates an argument.
func (g *gen) arg(n parse.Node, sc scope) (val, error) {
	switch a := n.(type) {
	case *parse.DotNode:
		return sc.dot, nil
	case *parse.StringNode:
		return val{expr: fmt.Sprintf("%q", a.Text), typ: stringType}, nil
	case *parse.NumberNode:
		if !a.IsInt {
			return val{}, g.errorf(n, "a number that is not an int")
		}
		return val{expr: a.Text, typ: reflect.TypeFor[int]()}, nil
	case *parse.BoolNode:
		return val{expr: fmt.Sprint(a.True), typ: reflect.TypeFor[bool]()}, nil
	case *parse.FieldNode:
		return g.chain(n, sc.dot, a.Ident, nil, sc)
	case *parse.VariableNode:
		v, ok := sc.lookup(a.Ident[0])
		if !ok {
			return val{}, g.errorf(n, "no variable %s", a.Ident[0])
		}
		return g.chain(n, v, a.Ident[1:], nil, sc)
	case *parse.PipeNode:
		return g.pipe(a, sc)
	}
	return val{}, g.errorf(n, "gen cannot evaluate %s", n)
}

// chain follows fields and methods from v; the last one gets args.
func (g *gen) chain(n parse.Node, v val, idents []string, args []parse.Node, sc scope) (val, error) {
	for i, id := range idents {
		var a []parse.Node
		if i == len(idents)-1 {
			a = args
		}
		var err error
		if v, err = g.field(n, v, id, a, sc); err != nil {
			return val{}, err
		}
	}
	if len(idents) == 0 && len(args) > 0 {
		return val{}, g.errorf(n, "arguments to a value")
	}
	return v, nil
}

func (g *gen) field(n parse.Node, v val, name string, args []parse.Node, sc scope) (val, error) {
	if v.rec != nil {
		f, ok := v.rec[name]
		if !ok || len(args) > 0 {
			return val{}, g.errorf(n, "no field %s", name)
		}
		return f, nil
	}
	t := v.typ
	if name == "View" && t == reflect.TypeFor[*render.Page]() && g.view != nil && len(args) == 0 {
		return *g.view, nil
	}
	m, ok := t.MethodByName(name)
	if !ok && t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		m, ok = reflect.PointerTo(t).MethodByName(name)
	}
	if ok {
		mt := m.Type // the receiver is its first parameter
		if mt.NumIn()-1 != len(args) {
			return val{}, g.errorf(n, "%s takes %d arguments", name, mt.NumIn()-1)
		}
		var as []string
		for _, a := range args {
			x, err := g.arg(a, sc)
			if err != nil {
				return val{}, err
			}
			if x.rec != nil {
				return val{}, g.errorf(n, "a record as an argument")
			}
			as = append(as, x.expr)
		}
		call := fmt.Sprintf("%s.%s(%s)", v.expr, name, strings.Join(as, ", "))
		switch {
		case mt.NumOut() == 1:
			return val{expr: call, typ: mt.Out(0)}, nil
		case mt.NumOut() == 2 && mt.Out(1) == errorType:
			x := g.tmp()
			g.line("%s, err := %s", x, call)
			g.line("if err != nil {\nreturn err\n}")
			return val{expr: x, typ: mt.Out(0)}, nil
		}
		return val{}, g.errorf(n, "method %s returns %d values", name, mt.NumOut())
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() != reflect.Struct {
		return val{}, g.errorf(n, "no field %s in %v", name, t)
	}
	f, ok := st.FieldByName(name)
	if !ok || len(args) > 0 {
		return val{}, g.errorf(n, "no field %s in %v", name, t)
	}
	return val{expr: v.expr + "." + name, typ: f.Type}, nil
}

// call evaluates a function of the theme or a builtin.
func (g *gen) call(n parse.Node, name string, args []parse.Node, sc scope) (val, error) {
	var vs []val
	if name != "dict" {
		for _, a := range args {
			x, err := g.arg(a, sc)
			if err != nil {
				return val{}, err
			}
			vs = append(vs, x)
		}
	}
	exprs := func() []string {
		var out []string
		for _, v := range vs {
			out = append(out, v.expr)
		}
		return out
	}
	boolean := reflect.TypeFor[bool]()
	switch name {
	case "eq", "ne", "lt", "le", "gt", "ge":
		if len(vs) != 2 {
			return val{}, g.errorf(n, "%s of %d values", name, len(vs))
		}
		op := map[string]string{"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}[name]
		return val{expr: fmt.Sprintf("(%s %s %s)", vs[0].expr, op, vs[1].expr), typ: boolean}, nil
	case "not":
		return val{expr: "!(" + truth(vs[0]) + ")", typ: boolean}, nil
	case "and", "or":
		var parts []string
		for _, v := range vs {
			parts = append(parts, "("+truth(v)+")")
		}
		op := map[string]string{"and": " && ", "or": " || "}[name]
		// As a condition only: and/or return one of their values, which
		// is true exactly when this is.
		return val{expr: "(" + strings.Join(parts, op) + ")", typ: boolean}, nil
	case "len":
		return val{expr: "len(" + vs[0].expr + ")", typ: reflect.TypeFor[int]()}, nil
	case "add":
		return val{expr: fmt.Sprintf("(%s + %s)", vs[0].expr, vs[1].expr), typ: reflect.TypeFor[int]()}, nil
	case "dict":
		rec := map[string]val{}
		for i := 0; i+1 < len(args); i += 2 {
			k, ok := args[i].(*parse.StringNode)
			if !ok {
				return val{}, g.errorf(n, "dict with a key that is not a string")
			}
			x, err := g.arg(args[i+1], sc)
			if err != nil {
				return val{}, err
			}
			rec[k.Text] = x
		}
		return val{rec: rec}, nil
	}
	f, ok := funcs[name]
	if !ok {
		return val{}, g.errorf(n, "gen does not know the function %s", name)
	}
	if pkg, _, ok := strings.Cut(f.call, "."); ok {
		g.imports[map[string]string{"content": "kith/generator/content", "strings": "strings"}[pkg]] = true
	}
	return val{expr: f.call + "(" + strings.Join(exprs(), ", ") + ")", typ: f.typ}, nil
}
