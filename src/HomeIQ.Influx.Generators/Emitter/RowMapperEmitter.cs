using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HomeIQ.Influx.Generators.Model;
using Microsoft.CodeAnalysis;
using static HomeIQ.Influx.Generators.Emitter.EmitHelpers;

namespace HomeIQ.Influx.Generators.Emitter;

/// <summary>
/// The row mapper: <c>IQueryableMeasurement&lt;T&gt;</c> implemented explicitly in the measurement type (its schema,
/// and <c>ReadRow</c>, which reads a row into a new value with no reflection).
/// </summary>
/// <remarks>
/// The value is created with <see cref="MeasurementSpec.Constructor"/>: members matched to its parameters are read into
/// locals and passed; <c>init</c> and <c>required</c> members are read into locals and set in an object initializer
/// (so a missing column leaves them <c>default</c> rather than their initializer); other settable members are set
/// afterwards. Members that are neither passed nor settable are written but not read back (they keep their default).
/// The <c>[MeasurementName]</c> member reads Flux's <c>_measurement</c> column, else the InfluxQL series name.
/// </remarks>
internal static class RowMapperEmitter
{
    private const string MeasurementColumn = "_measurement";

    public static void Emit(SourceWriter w, MeasurementSpec spec)
    {
        string self = spec.FullyQualifiedName;
        string iface = Querying + "IQueryableMeasurement<" + self + ">";
        var members = InDeclarationOrder(spec);
        var tags = members.Where(m => m.Kind == MemberKind.Tag).ToList();
        var fields = members.Where(m => m.Kind == MemberKind.Field).ToList();
        var timestamp = members.FirstOrDefault(m => m.Kind == MemberKind.Timestamp);

        // "time" first, then tags, then fields, then the measurement name: the index of a member in this array is its
        // index in the ordinals.
        var columns = new List<MemberSpec>();
        if (timestamp is not null) columns.Add(timestamp);
        columns.AddRange(tags);
        columns.AddRange(fields);
        if (spec.MeasurementNameMember is { } nameMember) columns.Add(nameMember);

        w.OpenBlock(spec.Type.PartialDeclaration + " : " + iface);
        w.WriteLine(GeneratedCodeAttribute);
        w.WriteLine("private static readonly " + Querying + "MeasurementSchema s_querySchema = new(");
        w.Indent();
        w.WriteLine(Literal(spec.Type.Ref.MetadataName) + ",");
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
        w.WriteLine(GeneratedCodeAttribute);
        w.WriteLine("private static readonly string[] s_queryColumns = new string[] { " +
            string.Join(", ", columns.Select(c => Literal(ColumnName(c)))) + " };");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine(GeneratedCodeAttribute);
        w.WriteLine("static " + Querying + "MeasurementSchema " + iface + ".QuerySchema => s_querySchema;");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine(GeneratedCodeAttribute);
        w.OpenBlock("static " + self + " " + iface + ".ReadRow(in " + Querying + "QueryRow row)");
        EmitReadRow(w, spec, columns);
        w.CloseBlock();
        w.CloseBlock();
    }

    private static void EmitReadRow(SourceWriter w, MeasurementSpec spec, List<MemberSpec> columns)
    {
        var constructor = spec.Constructor ?? new ConstructorSpec(EquatableArray<ArgumentSpec>.Empty);
        var passed = new Dictionary<string, ArgumentSpec>(System.StringComparer.Ordinal);
        foreach (var argument in constructor.Arguments)
        {
            if (argument.MemberName is not null) passed[argument.MemberName] = argument;
        }
        if (columns.Any(c => c.IsSettable || passed.ContainsKey(c.MetadataName)))
        {
            w.WriteLine("var ordinals = row.MapColumns(s_queryColumns);");
            w.WriteLine("int i;");
        }

        // Constructor arguments, and init-only and required members (they cannot be set after construction): read into
        // locals first.
        var locals = new Dictionary<string, string>(System.StringComparer.Ordinal);
        var initialized = new List<(MemberSpec Member, string Local)>();
        for (int k = 0; k < columns.Count; k++)
        {
            var member = columns[k];
            bool viaConstructor = passed.TryGetValue(member.MetadataName, out var argument);
            bool viaInitializer = member.IsSettable && (member.IsRequired || (member.IsInitOnly && !viaConstructor));
            if (!viaConstructor && !viaInitializer) continue;
            string local = "m" + k.ToString(CultureInfo.InvariantCulture);
            // A missing column passes the parameter's default value, as a missing JSON property does in System.Text.Json.
            string initial = viaConstructor && !argument!.DefaultValue.StartsWith("default", System.StringComparison.Ordinal) ? argument.DefaultValue : "default";
            w.WriteLine(LocalType(member) + " " + local + " = " + initial + ";");
            ReadColumn(w, spec, member, k, local);
            locals[member.MetadataName] = local;
            if (viaInitializer) initialized.Add((member, local));
        }

        string arguments = string.Join(", ", constructor.Arguments.Select(a =>
            a.MemberName is null ? a.DefaultValue : locals[a.MemberName] + (IsText(a.MemberName, columns) ? "!" : "")));
        if (initialized.Count == 0)
        {
            w.WriteLine("var value = new " + spec.FullyQualifiedName + "(" + arguments + ");");
        }
        else
        {
            w.WriteLine("var value = new " + spec.FullyQualifiedName + "(" + arguments + ")");
            w.OpenBlock();
            foreach (var (member, local) in initialized)
            {
                // A missing column leaves a non-nullable string null, as a missing JSON property does in System.Text.Json.
                string suppress = IsText(member) && !member.IsNullable ? "!" : "";
                w.WriteLine(member.Identifier + " = " + local + suppress + ",");
            }
            w.CloseBlock(";");
        }

        for (int k = 0; k < columns.Count; k++)
        {
            var member = columns[k];
            if (locals.ContainsKey(member.MetadataName)) continue;
            if (!member.IsSettable)
            {
                w.WriteLine("// " + member.MetadataName + " has no setter, init accessor, writable field or constructor parameter: it is written, not read back.");
                continue;
            }
            ReadColumn(w, spec, member, k, "value." + member.Identifier);
        }
        w.WriteLine("return value;");
    }

    private static string ColumnName(MemberSpec member) => member.Kind switch
    {
        MemberKind.Timestamp => "time",
        MemberKind.MeasurementName => MeasurementColumn,
        _ => member.Key,
    };

    private static bool IsText(MemberSpec member) => member.Category == ValueCategory.String;

    private static bool IsText(string memberName, List<MemberSpec> columns) => columns.Exists(c => c.MetadataName == memberName && IsText(c));

    // The type of a local that holds a member's value before the object initializer.
    internal static string LocalType(MemberSpec member) =>
        member.IsNullableValueType ? member.ValueType.FullyQualifiedName + "?"
        : member.Category == ValueCategory.String ? "string?"
        : member.ValueType.FullyQualifiedName;

    // One member: `if (column present and not null) target = <converted value>;`. Conversions that need more than a
    // getter (enums, chars, narrow integers, integer tags) get a block.
    internal static void ReadColumn(SourceWriter w, MeasurementSpec spec, MemberSpec member, int index, string target, string? owner = null)
    {
        string memberName = Literal((owner ?? spec.Type.Ref.MetadataName) + "." + member.MetadataName);
        string condition = "if ((i = ordinals[" + index.ToString(CultureInfo.InvariantCulture) + "]) >= 0 && !row.IsNull(i))";
        string mismatch(string clrName, string valueText) =>
            "throw new " + Querying + "InfluxRowMappingException(row.GetName(i), " + memberName + ", " + Literal(clrName) + ", " + valueText + ")";
        var type = member.ValueType;

        if (member.Kind == MemberKind.MeasurementName)
        {
            // Flux keeps _measurement as a column; an InfluxQL row belongs to a series named after its measurement.
            w.WriteLine(condition + " " + target + " = row.GetString(i, " + memberName + ");");
            w.WriteLine("else " + target + " = row.SeriesName ?? " + Literal(spec.MeasurementName) + ";");
            return;
        }

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
                    w.WriteLine(Literal(name.MetadataName) + " => " + type.FullyQualifiedName + "." + name.Identifier + ",");
                // Flag combinations and undeclared numbers are written with ToString(); the generic TryParse reads them
                // back without reflection over Type (trimming- and AOT-safe).
                w.WriteLine("_ => global::System.Enum.TryParse(text, out " + type.FullyQualifiedName + " parsed) ? parsed : " +
                    mismatch(type.MetadataName, "text") + ",");
                w.CloseBlock(";");
                w.CloseBlock();
                return;
            }
            case ValueCategory.Bool when member.Kind == MemberKind.Tag && spec.Origin == MappingOrigin.InfluxDBClient:
            {
                var (yes, no) = BoolTagText(spec);
                w.WriteLine(condition);
                w.OpenBlock();
                w.WriteLine("string text = row.GetString(i, " + memberName + ");");
                w.WriteLine(target + " = text == " + Literal(yes) + " || (text == " + Literal(no) + " ? false : " + mismatch("Boolean", "text") + ");");
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
                w.WriteLine(target + " = global::System.Buffers.Text.Utf8Parser.TryParse(raw, out " + type.FullyQualifiedName + " parsed, out int used) && used == raw.Length");
                w.Indent();
                w.WriteLine("? parsed");
                w.WriteLine(": " + mismatch(type.MetadataName, "global::System.Text.Encoding.UTF8.GetString(raw)") + ";");
                w.Unindent();
                w.CloseBlock();
                return;
            case ValueCategory.Int64 or ValueCategory.UInt64 when IsNarrow(member.Category, type.SpecialType):
            {
                bool signed = member.Category == ValueCategory.Int64;
                w.WriteLine(condition);
                w.OpenBlock();
                w.WriteLine((signed ? "long" : "ulong") + " number = row." + (signed ? "GetInt64" : "GetUInt64") + "(i, " + memberName + ");");
                string range = signed
                    ? "number >= " + type.FullyQualifiedName + ".MinValue && number <= " + type.FullyQualifiedName + ".MaxValue"
                    : "number <= " + type.FullyQualifiedName + ".MaxValue";
                w.WriteLine(target + " = " + range + " ? (" + type.FullyQualifiedName + ")number : " +
                    mismatch(type.MetadataName, "number.ToString(global::System.Globalization.CultureInfo.InvariantCulture)") + ";");
                w.CloseBlock();
                return;
            }
        }
        w.WriteLine(condition + " " + target + " = row." + Getter(member) + "(i, " + memberName + ");");
    }

    // Integers that are read as 64 bits, then range-checked: those narrower than 32 bits, and unsigned fields written
    // as signed integers (byte, ushort, uint: see ValueCategory.Int64).
    private static bool IsNarrow(ValueCategory category, SpecialType type) =>
        type is SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_Byte or SpecialType.System_UInt16
        || (category == ValueCategory.Int64 && type == SpecialType.System_UInt32);

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
        ValueCategory.Int64 => member.ValueType.SpecialType == SpecialType.System_Int32 ? "GetInt32" : "GetInt64",
        ValueCategory.UInt64 => member.ValueType.SpecialType == SpecialType.System_UInt32 ? "GetUInt32" : "GetUInt64",
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

    /// <summary>The mapped members in declaration order (the model keeps them in line order: tags, fields by key).</summary>
    public static List<MemberSpec> InDeclarationOrder(MeasurementSpec spec) =>
        spec.Members.OrderBy(m => m.DeclarationIndex).ToList();
}
