using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HomeIQ.Influx.Generators.Common;
using HomeIQ.Influx.Generators.Model;
using HomeIQ.Influx.Generators.Parser;

namespace HomeIQ.Influx.Generators.Emitter;

/// <summary>
/// Model in, text out: the query side of a measurement ({Type}.Query.g.cs), exactly as docs/design/generated-query.md
/// specifies it: the row mapper (<c>IQueryableMeasurement&lt;T&gt;</c>, no reflection), the fluent <c>{Type}Query</c>
/// with typed tag and field methods, and the <c>Query{Type}(this InfluxClient)</c> entry point.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Nothing is emitted when rows cannot be read into the type (<see cref="MeasurementSpec.QueryMapperProblem"/>,
/// reported as HIQ108).</item>
/// <item>Generic types get the mapper only (so <c>InfluxClient.Query&lt;T&gt;()</c> works with a closed type), no
/// query class.</item>
/// <item>The query class sits beside the type (in the same containing types for a nested one) with the type's
/// accessibility. The extension class must be a top-level static class: for a nested type it is named after the whole
/// path (<c>OuterStatusQueryExtensions</c>), and a type that is private or protected somewhere gets none.</item>
/// <item>Members without a setter, init accessor or writable field are written but not read back (they keep their
/// default); <c>init</c> and <c>required</c> members are read into locals and set in an object initializer, so a
/// missing column leaves them <c>default</c> rather than their initializer.</item>
/// </list>
/// </remarks>
internal static class QueryEmitter
{
    public const string Purpose = "Query";

    private const string Runtime = EmitHelpers.Runtime;
    private const string Querying = EmitHelpers.Querying;

    /// <summary>Whether anything is emitted for <paramref name="spec"/>.</summary>
    public static bool Applies(MeasurementSpec spec) => spec.QueryMapperProblem is null;

    public static string Emit(MeasurementSpec spec)
    {
        var w = new SourceWriter();
        EmitHelpers.Open(w, spec, nested: true);
        bool queryClass = spec.Type.TypeParameters.Length == 0 && spec.ContainingTypes.All(t => t.TypeParameters.Length == 0);

        EmitMapper(w, spec);
        if (queryClass)
        {
            w.WriteLine();
            EmitQueryClass(w, spec);
        }
        foreach (var _ in spec.ContainingTypes) w.CloseBlock();

        if (queryClass && EmitHelpers.NamespaceLevelKeyword(spec) is { } access)
        {
            w.WriteLine();
            EmitExtensions(w, spec, access);
        }
        if (spec.Namespace is not null) w.CloseBlock();
        return w.ToString();
    }

    // ------------------------------------------------------------------ mapper

    private static void EmitMapper(SourceWriter w, MeasurementSpec spec)
    {
        string self = spec.FullyQualifiedName;
        string iface = Querying + "IQueryableMeasurement<" + self + ">";
        string typeName = TypeName(spec);
        var members = InDeclarationOrder(spec);
        var tags = members.Where(m => m.Kind == MemberKind.Tag).ToList();
        var fields = members.Where(m => m.Kind == MemberKind.Field).ToList();
        var timestamp = members.FirstOrDefault(m => m.Kind == MemberKind.Timestamp);

        // "time" first, then tags, then fields: the index of a member in this array is its index in the ordinals.
        var columns = new List<MemberSpec>();
        if (timestamp is not null) columns.Add(timestamp);
        columns.AddRange(tags);
        columns.AddRange(fields);

        w.OpenBlock(spec.Type.PartialKeywords + " " + spec.Type.Name + spec.Type.TypeParameters + " : " + iface);
        w.WriteLine(EmitHelpers.GeneratedCodeAttribute);
        w.WriteLine("private static readonly " + Querying + "MeasurementSchema s_querySchema = new(");
        w.Indent();
        w.WriteLine(Literal(typeName) + ",");
        w.WriteLine(Literal(spec.MeasurementName) + ",");
        w.WriteLine("new string[] { " + string.Join(", ", tags.Select(t => Literal(t.Key))) + " },");
        w.WriteLine("new " + Querying + "MeasurementField[]");
        w.OpenBlock();
        foreach (var field in fields)
            w.WriteLine("new(" + Literal(field.Key) + ", " + Querying + "FieldKind." + FieldKind(field) + "),");
        w.CloseBlock(");");
        w.Unindent();
        w.WriteLine();
        w.WriteLine("// One array instance for every row: QueryRow.MapColumns caches the ordinals per response schema by reference.");
        w.WriteLine(EmitHelpers.GeneratedCodeAttribute);
        w.WriteLine("private static readonly string[] s_queryColumns = new string[] { " +
            string.Join(", ", columns.Select(c => Literal(c.Kind == MemberKind.Timestamp ? "time" : c.Key))) + " };");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine(EmitHelpers.GeneratedCodeAttribute);
        w.WriteLine("static " + Querying + "MeasurementSchema " + iface + ".QuerySchema => s_querySchema;");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine(EmitHelpers.GeneratedCodeAttribute);
        w.OpenBlock("static " + self + " " + iface + ".ReadRow(in " + Querying + "QueryRow row)");
        if (columns.Any(c => c.IsSettable))
        {
            w.WriteLine("var ordinals = row.MapColumns(s_queryColumns);");
            w.WriteLine("int i;");
        }

        // init-only and required members cannot be set after construction: read them into locals first.
        var initialized = new List<(MemberSpec Member, string Local)>();
        for (int k = 0; k < columns.Count; k++)
        {
            var member = columns[k];
            if (!member.IsSettable || !(member.IsInitOnly || member.IsRequired)) continue;
            string local = "m" + k.ToString(CultureInfo.InvariantCulture);
            string localType = member.IsNullableValueType ? member.TypeName + "?" : member.Category == ValueCategory.String ? "string?" : member.TypeName;
            w.WriteLine(localType + " " + local + " = default;");
            ReadColumn(w, spec, member, k, local);
            initialized.Add((member, local));
        }

        if (initialized.Count == 0)
        {
            w.WriteLine("var value = new " + self + "();");
        }
        else
        {
            w.WriteLine("var value = new " + self + "()");
            w.OpenBlock();
            foreach (var (member, local) in initialized)
            {
                // A missing column leaves a non-nullable string null, as a missing JSON property does in System.Text.Json.
                string suppress = member.Category == ValueCategory.String && !member.IsNullable ? "!" : "";
                w.WriteLine(member.Name + " = " + local + suppress + ",");
            }
            w.CloseBlock(";");
        }

        for (int k = 0; k < columns.Count; k++)
        {
            var member = columns[k];
            if (!member.IsSettable)
            {
                w.WriteLine("// " + member.MetadataName + " has no setter, init accessor or writable field: it is written, not read back.");
                continue;
            }
            if (member.IsInitOnly || member.IsRequired) continue;
            ReadColumn(w, spec, member, k, "value." + member.Name);
        }
        w.WriteLine("return value;");
        w.CloseBlock();
        w.CloseBlock();
    }

    // One member: `if (column present and not null) target = <converted value>;`. Conversions that need more than a
    // getter (enums, chars, narrow integers, integer tags) get a block.
    private static void ReadColumn(SourceWriter w, MeasurementSpec spec, MemberSpec member, int index, string target)
    {
        string memberName = Literal(TypeName(spec) + "." + member.MetadataName);
        string condition = "if ((i = ordinals[" + index.ToString(CultureInfo.InvariantCulture) + "]) >= 0 && !row.IsNull(i))";
        string mismatch(string clrName, string valueText) =>
            "throw new " + Querying + "InfluxRowMappingException(row.GetName(i), " + memberName + ", " + Literal(clrName) + ", " + valueText + ")";

        switch (member.Category)
        {
            case ValueCategory.Enum:
            {
                w.WriteLine(condition);
                w.OpenBlock();
                w.WriteLine("string text = row.GetString(i, " + memberName + ");");
                w.WriteLine(target + " = text switch");
                w.OpenBlock();
                foreach (var name in member.EnumMembers)
                    w.WriteLine(Literal(name) + " => " + member.TypeName + "." + MeasurementParser.Identifier(name) + ",");
                // Flag combinations and undeclared numbers are written with ToString(); the generic TryParse reads them
                // back without reflection over Type (trimming- and AOT-safe).
                w.WriteLine("_ => global::System.Enum.TryParse(text, out " + member.TypeName + " parsed) ? parsed : " +
                    mismatch(SimpleName(member.TypeName), "text") + ",");
                w.CloseBlock(";");
                w.CloseBlock();
                return;
            }
            case ValueCategory.Char:
                w.WriteLine(condition);
                w.OpenBlock();
                w.WriteLine("string text = row.GetString(i, " + memberName + ");");
                w.WriteLine(target + " = text.Length == 1 ? text[0] : " + mismatch("Char", "text") + ";");
                w.CloseBlock();
                return;
            case ValueCategory.Int64 or ValueCategory.UInt64 when member.Kind == MemberKind.Tag:
                // Tag values are text in both InfluxQL JSON and Flux CSV: parse the raw UTF-8 without a string.
                w.WriteLine(condition);
                w.OpenBlock();
                w.WriteLine("var raw = row.GetRawUtf8(i);");
                w.WriteLine(target + " = global::System.Buffers.Text.Utf8Parser.TryParse(raw, out " + member.TypeName + " parsed, out int used) && used == raw.Length");
                w.Indent();
                w.WriteLine("? parsed");
                w.WriteLine(": " + mismatch(ClrName(member.TypeName), "global::System.Text.Encoding.UTF8.GetString(raw)") + ";");
                w.Unindent();
                w.CloseBlock();
                return;
            case ValueCategory.Int64 or ValueCategory.UInt64 when member.TypeName is "short" or "sbyte" or "byte" or "ushort":
            {
                bool signed = member.Category == ValueCategory.Int64;
                w.WriteLine(condition);
                w.OpenBlock();
                w.WriteLine((signed ? "long" : "ulong") + " number = row." + (signed ? "GetInt64" : "GetUInt64") + "(i, " + memberName + ");");
                string range = signed
                    ? "number >= " + member.TypeName + ".MinValue && number <= " + member.TypeName + ".MaxValue"
                    : "number <= " + member.TypeName + ".MaxValue";
                w.WriteLine(target + " = " + range + " ? (" + member.TypeName + ")number : " +
                    mismatch(ClrName(member.TypeName), "number.ToString(global::System.Globalization.CultureInfo.InvariantCulture)") + ";");
                w.CloseBlock();
                return;
            }
        }
        w.WriteLine(condition + " " + target + " = row." + Getter(member) + "(i, " + memberName + ");");
    }

    private static string Getter(MemberSpec member) => member.Category switch
    {
        ValueCategory.String => "GetString",
        ValueCategory.Bool => "GetBoolean",
        ValueCategory.Double => "GetDouble",
        ValueCategory.Float => "GetSingle",
        ValueCategory.Decimal => "GetDecimal",
        ValueCategory.Guid => "GetGuid",
        ValueCategory.DateTime => "GetDateTime",
        ValueCategory.DateTimeOffset => "GetDateTimeOffset",
        // A long timestamp reads Unix nanoseconds (InfluxQL is sent with epoch=ns; Flux times convert to ns).
        ValueCategory.LongTimestamp => "GetInt64",
        ValueCategory.Int64 => member.TypeName == "int" ? "GetInt32" : "GetInt64",
        ValueCategory.UInt64 => member.TypeName == "uint" ? "GetUInt32" : "GetUInt64",
        _ => "GetString",
    };

    private static string FieldKind(MemberSpec field) => field.Category switch
    {
        ValueCategory.Double or ValueCategory.Float or ValueCategory.Decimal => "Float",
        ValueCategory.Int64 => "Integer",
        ValueCategory.UInt64 => "UnsignedInteger",
        ValueCategory.Bool => "Boolean",
        _ => "String",
    };

    private static string ClrName(string keyword) => keyword switch
    {
        "sbyte" => "SByte",
        "short" => "Int16",
        "int" => "Int32",
        "long" => "Int64",
        "byte" => "Byte",
        "ushort" => "UInt16",
        "uint" => "UInt32",
        "ulong" => "UInt64",
        _ => keyword,
    };

    // ------------------------------------------------------------------ query class

    private static void EmitQueryClass(SourceWriter w, MeasurementSpec spec)
    {
        string self = spec.FullyQualifiedName;
        string typeName = TypeName(spec);
        string query = typeName + "Query";
        string queryType = QueryFullName(spec);
        string measurement = EmitHelpers.Xml(spec.MeasurementName);
        var members = InDeclarationOrder(spec);
        var tags = members.Where(m => m.Kind == MemberKind.Tag).ToList();
        var fields = members.Where(m => m.Kind == MemberKind.Field).ToList();

        w.WriteLine("/// <summary>A typed, immutable query of <see cref=\"" + self + "\"/> points (measurement <c>" + measurement + "</c>).</summary>");
        w.WriteLine(EmitHelpers.GeneratedCodeAttribute);
        w.WriteLine(EmitHelpers.Keyword(spec.Type.Accessibility) + " sealed partial class " + query);
        w.Indent();
        w.WriteLine(": " + Querying + "MeasurementQueryBase<" + self + ", " + queryType + ">");
        w.Unindent();
        w.OpenBlock();

        w.WriteLine("/// <summary>The tags of <see cref=\"" + self + "\"/>, for grouping.</summary>");
        w.OpenBlock("public enum Tags");
        foreach (var tag in tags)
        {
            w.WriteLine("/// <summary>Tag <c>" + EmitHelpers.Xml(tag.Key) + "</c> (member <c>" + tag.MetadataName + "</c>).</summary>");
            w.WriteLine(tag.Name + ",");
        }
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("/// <summary>The fields of <see cref=\"" + self + "\"/>, for selection.</summary>");
        w.OpenBlock("public enum Fields");
        foreach (var field in fields)
        {
            w.WriteLine("/// <summary>Field <c>" + EmitHelpers.Xml(field.Key) + "</c> (member <c>" + field.MetadataName + "</c>).</summary>");
            w.WriteLine(field.Name + ",");
        }
        w.CloseBlock();
        w.WriteLine();

        w.WriteLine("/// <summary>Starts a query of every <see cref=\"" + self + "\"/> point.</summary>");
        w.WriteLine("/// <param name=\"client\">The client the query runs on.</param>");
        w.WriteLine("public " + query + "(" + Runtime + "InfluxClient client) : base(client) { }");
        w.WriteLine();
        w.WriteLine("private " + query + "(" + Runtime + "InfluxClient client, " + Querying + "QuerySpec spec) : base(client, spec) { }");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine("protected override " + queryType + " With(" + Querying + "QuerySpec spec) => new(Client, spec);");

        // Method names are claimed in declaration order, tags and fields alike, before anything is written.
        var names = new MethodNames();
        var stems = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var member in members)
        {
            if (member.Kind == MemberKind.Tag) stems[member.MetadataName] = names.Claim(member, "Tag", TagSuffixes);
            else if (member.Kind == MemberKind.Field && ComparisonType(member) is not null) stems[member.MetadataName] = names.Claim(member, "Field", ComparisonSuffixes);
        }

        foreach (var tag in tags)
        {
            string key = Literal(tag.Key);
            string doc = "<c>" + EmitHelpers.Xml(tag.Key) + "</c>";
            string name = stems[tag.MetadataName];
            w.WriteLine();
            w.WriteLine("// ---- tag " + Comment(tag.Key) + " (" + typeName + "." + tag.MetadataName + ") ----");
            w.WriteLine();
            w.WriteLine("/// <summary>Only points whose " + doc + " equals <paramref name=\"value\"/> (compared as the written text).</summary>");
            w.WriteLine("public " + queryType + " " + name + "(string value) => WhereTag(" + key + ", value);");
            w.WriteLine();
            w.WriteLine("/// <summary>Only points whose " + doc + " is one of <paramref name=\"values\"/>.</summary>");
            w.WriteLine("public " + queryType + " " + name + "In(params string[] values) => WhereTagIn(" + key + ", values);");
            w.WriteLine();
            w.WriteLine("/// <summary>Only points whose " + doc + " matches <paramref name=\"pattern\"/> (RE2 syntax).</summary>");
            w.WriteLine("public " + queryType + " " + name + "Matches(string pattern) => WhereTagMatches(" + key + ", pattern);");
            w.WriteLine();
            w.WriteLine("/// <summary>Only points whose " + doc + " matches <paramref name=\"regex\"/> (its pattern, RE2 syntax).</summary>");
            w.WriteLine("public " + queryType + " " + name + "Matches(global::System.Text.RegularExpressions.Regex regex) => WhereTagMatches(" + key + ", regex);");
        }

        foreach (var field in fields)
        {
            string? parameter = ComparisonType(field);
            if (parameter is null) continue; // string and bool fields are selected, not compared
            string key = Literal(field.Key);
            string doc = "<c>" + EmitHelpers.Xml(field.Key) + "</c>";
            string name = stems[field.MetadataName];
            w.WriteLine();
            w.WriteLine("// ---- field " + Comment(field.Key) + " (" + parameter + ") ----");
            foreach (var (suffix, comparison, text) in Comparisons)
            {
                w.WriteLine();
                w.WriteLine("/// <summary>Only points whose " + doc + " " + text + " <paramref name=\"value\"/>.</summary>");
                w.WriteLine("public " + queryType + " " + name + suffix + "(" + parameter + " value) => WhereField(" + key + ", " +
                    Querying + "FieldComparison." + comparison + ", value);");
            }
        }

        w.WriteLine();
        w.WriteLine("// ---- selection and grouping by member ----");
        w.WriteLine();
        w.WriteLine("/// <summary>Reads only these fields; the others keep their default.</summary>");
        w.WriteLine("public " + queryType + " Select(params Fields[] fields) => SelectFields(global::System.Linq.Enumerable.Select(fields, FieldKey));");
        w.WriteLine();
        w.WriteLine("/// <summary>Aggregates over windows of <paramref name=\"every\"/>, one series per combination of <paramref name=\"groupBy\"/>.</summary>");
        w.WriteLine("public " + queryType + " Window(global::System.TimeSpan every, " + Querying + "AggregateFunction function, params Tags[] groupBy) =>");
        w.Indent();
        w.WriteLine("Window(every, function, global::System.Linq.Enumerable.Select(groupBy, TagKey));");
        w.Unindent();
        w.WriteLine();
        w.WriteLine("private static string TagKey(Tags tag) => tag switch");
        w.OpenBlock();
        foreach (var tag in tags) w.WriteLine("Tags." + tag.Name + " => " + Literal(tag.Key) + ",");
        w.WriteLine("_ => throw new global::System.ArgumentOutOfRangeException(nameof(tag), tag, " + Literal("Unknown " + typeName + " tag.") + "),");
        w.CloseBlock(";");
        w.WriteLine();
        w.WriteLine("private static string FieldKey(Fields field) => field switch");
        w.OpenBlock();
        foreach (var field in fields) w.WriteLine("Fields." + field.Name + " => " + Literal(field.Key) + ",");
        w.WriteLine("_ => throw new global::System.ArgumentOutOfRangeException(nameof(field), field, " + Literal("Unknown " + typeName + " field.") + "),");
        w.CloseBlock(";");
        w.CloseBlock();
    }

    // The parameter type of a numeric field's comparison methods; null for fields that are not compared.
    private static string? ComparisonType(MemberSpec field) => field.Category switch
    {
        ValueCategory.Double or ValueCategory.Float or ValueCategory.Decimal => "double",
        ValueCategory.Int64 => "long",
        ValueCategory.UInt64 => "ulong",
        _ => null,
    };

    private static readonly string[] TagSuffixes = { "", "In", "Matches" };

    private static readonly string[] ComparisonSuffixes = { "Equals", "NotEquals", "GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual" };

    /// <summary>
    /// Picks the method-name stem for each member so that no generated method takes a base method's name (a tag member
    /// named <c>Tag</c> would otherwise make <c>WhereTagIn("a", "b")</c> mean something else) or another member's (tags
    /// <c>Room</c> and <c>RoomMatches</c> would both declare <c>WhereRoomMatches(string)</c>). The first member in
    /// declaration order keeps <c>Where{Member}</c>; a later clash becomes <c>Where{Member}Tag</c> /
    /// <c>Where{Member}Field</c>, then gets a number.
    /// </summary>
    private sealed class MethodNames
    {
        private readonly HashSet<string> _taken = new(System.StringComparer.Ordinal)
        {
            "WhereTag", "WhereTagIn", "WhereTagMatches", "WhereField", "Select", "SelectFields", "Window", "Range", "Since",
            "Last", "Limit", "OrderByTimeDescending", "WithLanguage", "ToInfluxQL", "ToFlux", "ExecuteAsync", "With",
            "TagKey", "FieldKey", "Tags", "Fields", "Client", "Spec",
        };

        public string Claim(MemberSpec member, string kind, string[] suffixes)
        {
            string stem = "Where" + member.MetadataName;
            if (!Free(stem, suffixes)) stem = "Where" + member.MetadataName + kind;
            for (int n = 2; !Free(stem, suffixes); n++) stem = "Where" + member.MetadataName + kind + n.ToString(CultureInfo.InvariantCulture);
            foreach (var suffix in suffixes) _taken.Add(stem + suffix);
            return stem;
        }

        // A stem is free when none of the methods it would declare has a taken name.
        private bool Free(string stem, string[] suffixes)
        {
            foreach (var suffix in suffixes)
            {
                if (_taken.Contains(stem + suffix)) return false;
            }
            return true;
        }
    }

    private static readonly (string Suffix, string Comparison, string Text)[] Comparisons =
    {
        ("Equals", "Equal", "equals"),
        ("NotEquals", "NotEqual", "differs from"),
        ("GreaterThan", "GreaterThan", "is greater than"),
        ("GreaterThanOrEqual", "GreaterThanOrEqual", "is at least"),
        ("LessThan", "LessThan", "is less than"),
        ("LessThanOrEqual", "LessThanOrEqual", "is at most"),
    };

    private static void EmitExtensions(SourceWriter w, MeasurementSpec spec, string access)
    {
        string typeName = TypeName(spec);
        string prefix = string.Concat(spec.ContainingTypes.Select(t => t.Name.TrimStart('@')));
        string queryType = QueryFullName(spec);
        w.WriteLine("/// <summary>Entry points for <see cref=\"" + queryType + "\"/>.</summary>");
        w.WriteLine(EmitHelpers.GeneratedCodeAttribute);
        w.OpenBlock(access + " static partial class " + prefix + typeName + "QueryExtensions");
        w.WriteLine("/// <summary>Starts a typed query of <see cref=\"" + spec.FullyQualifiedName + "\"/> points on <paramref name=\"client\"/>.</summary>");
        w.WriteLine("/// <param name=\"client\">The client the query runs on.</param>");
        w.WriteLine("public static " + queryType + " Query" + typeName + "(this " + Runtime + "InfluxClient client) => new(client);");
        w.CloseBlock();
    }

    // ------------------------------------------------------------------ helpers

    private static List<MemberSpec> InDeclarationOrder(MeasurementSpec spec) =>
        spec.Members.OrderBy(m => m.DeclarationIndex).ToList();

    private static string TypeName(MeasurementSpec spec) => spec.Type.Name.TrimStart('@');

    // The query class's global::-qualified name: the type's, with the last part replaced.
    private static string QueryFullName(MeasurementSpec spec)
    {
        string full = spec.FullyQualifiedName;
        int dot = full.LastIndexOf('.');
        string head = dot < 0 ? "global::" : full.Substring(0, dot + 1);
        return head + TypeName(spec) + "Query";
    }

    private static string SimpleName(string typeName)
    {
        int dot = typeName.LastIndexOf('.');
        return (dot < 0 ? typeName : typeName.Substring(dot + 1)).TrimStart('@');
    }

    private static string Literal(string text) => LineProtocolNames.ToLiteral(text);

    // A key inside a // comment: C# also ends a line at U+0085, U+2028 and U+2029, which keys may hold.
    private static string Comment(string text) => EmitHelpers.OneLine(text);
}
