using System.Collections.Generic;
using System.Linq;
using HomeIQ.Influx.Generators.Model;
using static HomeIQ.Influx.Generators.Emitter.EmitHelpers;

namespace HomeIQ.Influx.Generators.Emitter;

/// <summary>
/// The fluent, immutable <c>{Type}Query</c>: a sealed <c>MeasurementQueryBase&lt;T, TSelf&gt;</c> with the type's tags and
/// fields as enums (for grouping and selection) and one typed method per tag and numeric field.
/// </summary>
internal static class QueryClassEmitter
{
    public static void Emit(SourceWriter w, MeasurementSpec spec)
    {
        string self = spec.FullyQualifiedName;
        string typeName = spec.Type.Ref.MetadataName;
        string query = QueryEmitter.QueryClassName(spec);
        string queryType = QueryEmitter.QueryClassFullName(spec);
        string measurement = Xml(spec.MeasurementName);
        var members = RowMapperEmitter.InDeclarationOrder(spec);
        var tags = members.Where(m => m.Kind == MemberKind.Tag).ToList();
        var fields = members.Where(m => m.Kind == MemberKind.Field).ToList();

        w.WriteLine("/// <summary>A typed, immutable query of <see cref=\"" + self + "\"/> points (measurement <c>" + measurement + "</c>).</summary>");
        w.WriteLine(GeneratedCodeAttribute);
        w.WriteLine(Keyword(spec.Type.Accessibility) + " sealed partial class " + query);
        w.Indent();
        w.WriteLine(": " + Querying + "MeasurementQueryBase<" + self + ", " + queryType + ">");
        w.Unindent();
        w.OpenBlock();

        w.WriteLine("/// <summary>The tags of <see cref=\"" + self + "\"/>, for grouping.</summary>");
        w.OpenBlock("public enum Tags");
        foreach (var tag in tags)
        {
            w.WriteLine("/// <summary>Tag <c>" + Xml(tag.Key) + "</c> (member <c>" + tag.MetadataName + "</c>).</summary>");
            w.WriteLine(tag.Identifier + ",");
        }
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("/// <summary>The fields of <see cref=\"" + self + "\"/>, for selection.</summary>");
        w.OpenBlock("public enum Fields");
        foreach (var field in fields)
        {
            w.WriteLine("/// <summary>Field <c>" + Xml(field.Key) + "</c> (member <c>" + field.MetadataName + "</c>).</summary>");
            w.WriteLine(field.Identifier + ",");
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
        var names = new QueryMethodNames();
        var stems = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var member in members)
        {
            if (member.Kind == MemberKind.Tag) stems[member.MetadataName] = names.Claim(member, "Tag", QueryMethodNames.TagSuffixes);
            else if (member.Kind == MemberKind.Field && ComparisonType(member) is not null) stems[member.MetadataName] = names.Claim(member, "Field", QueryMethodNames.ComparisonSuffixes);
        }

        foreach (var tag in tags)
        {
            string key = Literal(tag.Key);
            string doc = "<c>" + Xml(tag.Key) + "</c>";
            string name = stems[tag.MetadataName];
            w.WriteLine();
            w.WriteLine("// ---- tag " + OneLine(tag.Key) + " (" + typeName + "." + tag.MetadataName + ") ----");
            w.WriteLine();
            // Tags are text on the server: a typed value is compared as the text the serializer writes for it.
            bool text = tag.Category == ValueCategory.String;
            string parameter = text ? "string" : tag.ValueType.FullyQualifiedName;
            w.WriteLine("/// <summary>Only points whose " + doc + " equals <paramref name=\"value\"/> (compared as the written text).</summary>");
            w.WriteLine("public " + queryType + " " + name + "(" + parameter + " value) => WhereTag(" + key + ", " + (text ? "value" : "TagText(value)") + ");");
            w.WriteLine();
            w.WriteLine("/// <summary>Only points whose " + doc + " is one of <paramref name=\"values\"/>.</summary>");
            w.WriteLine("public " + queryType + " " + name + "In(params " + parameter + "[] values) => WhereTagIn(" + key + ", " +
                (text ? "values" : "global::System.Linq.Enumerable.Select(values, TagText)") + ");");
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
            string doc = "<c>" + Xml(field.Key) + "</c>";
            string name = stems[field.MetadataName];
            w.WriteLine();
            w.WriteLine("// ---- field " + OneLine(field.Key) + " (" + parameter + ") ----");
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
        string row = WindowRowEmitter.TypeName(spec);
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Aggregates over windows of <paramref name=\"every\"/>, one series per combination of <paramref name=\"groupBy\"/>, into");
        w.WriteLine("/// <see cref=\"" + row + "\"/> rows that hold every aggregate as a number: use it for the mean of integer fields.");
        w.WriteLine("/// </summary>");
        w.WriteLine("public " + Querying + "AggregateQuery<" + self + ", " + row + "> Aggregate(global::System.TimeSpan every, " + Querying +
            "AggregateFunction function, params Tags[] groupBy) =>");
        w.Indent();
        w.WriteLine("Aggregate<" + row + ">(every, function, global::System.Linq.Enumerable.Select(groupBy, TagKey));");
        w.Unindent();
        w.WriteLine();
        w.WriteLine("private static " + Querying + "MeasurementSchema QuerySchemaOf<TMeasurement>()");
        w.Indent();
        w.WriteLine("where TMeasurement : " + Querying + "IQueryableMeasurement<TMeasurement> => TMeasurement.QuerySchema;");
        w.Unindent();
        w.WriteLine();
        w.WriteLine("private static string TagKey(Tags tag) => tag switch");
        w.OpenBlock();
        foreach (var tag in tags) w.WriteLine("Tags." + tag.Identifier + " => " + Literal(tag.Key) + ",");
        w.WriteLine("_ => throw new global::System.ArgumentOutOfRangeException(nameof(tag), tag, " + Literal("Unknown " + typeName + " tag.") + "),");
        w.CloseBlock(";");
        w.WriteLine();
        w.WriteLine("private static string FieldKey(Fields field) => field switch");
        w.OpenBlock();
        foreach (var field in fields) w.WriteLine("Fields." + field.Identifier + " => " + Literal(field.Key) + ",");
        w.WriteLine("_ => throw new global::System.ArgumentOutOfRangeException(nameof(field), field, " + Literal("Unknown " + typeName + " field.") + "),");
        w.CloseBlock(";");
        EmitTagTexts(w, spec, tags);
        w.WriteLine();
        WindowRowEmitter.Emit(w, spec);
        w.CloseBlock();
    }

    // One TagText overload per value type of a typed tag: the text LineProtocolEmitter writes for a value (named enum
    // members as declared, other enum values by ToString(), invariant integers, true/false, lower-case GUIDs).
    private static void EmitTagTexts(SourceWriter w, MeasurementSpec spec, List<MemberSpec> tags)
    {
        var done = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            var type = tag.ValueType;
            if (tag.Category == ValueCategory.String || !done.Add(type.FullyQualifiedName)) continue;
            w.WriteLine();
            string head = "private static string TagText(" + type.FullyQualifiedName + " value) => ";
            switch (tag.Category)
            {
                case ValueCategory.Enum:
                    w.WriteLine(head + "value switch");
                    w.OpenBlock();
                    foreach (var name in tag.EnumMembers) w.WriteLine(type.FullyQualifiedName + "." + name.Identifier + " => " + Literal(name.MetadataName) + ",");
                    w.WriteLine("_ => value.ToString(),");
                    w.CloseBlock(";");
                    break;
                case ValueCategory.Bool:
                    var (yes, no) = BoolTagText(spec);
                    w.WriteLine(head + "value ? " + Literal(yes) + " : " + Literal(no) + ";");
                    break;
                case ValueCategory.Guid:
                    w.WriteLine(head + "value.ToString(\"D\");");
                    break;
                case ValueCategory.Char:
                    w.WriteLine(head + "value.ToString();");
                    break;
                default:
                    w.WriteLine(head + "value.ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
                    break;
            }
        }
    }

    // The parameter type of a numeric field's comparison methods; null for fields that are not compared.
    private static string? ComparisonType(MemberSpec field) => field.Category switch
    {
        ValueCategory.Double or ValueCategory.Float or ValueCategory.Decimal => "double",
        ValueCategory.Int64 => "long",
        ValueCategory.UInt64 => "ulong",
        _ => null,
    };

    private static readonly (string Suffix, string Comparison, string Text)[] Comparisons =
    {
        ("Equals", "Equal", "equals"),
        ("NotEquals", "NotEqual", "differs from"),
        ("GreaterThan", "GreaterThan", "is greater than"),
        ("GreaterThanOrEqual", "GreaterThanOrEqual", "is at least"),
        ("LessThan", "LessThan", "is less than"),
        ("LessThanOrEqual", "LessThanOrEqual", "is at most"),
    };
}
