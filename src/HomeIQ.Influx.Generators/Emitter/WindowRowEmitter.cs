using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HomeIQ.Influx.Generators.Model;
using Microsoft.CodeAnalysis;
using static HomeIQ.Influx.Generators.Emitter.EmitHelpers;

namespace HomeIQ.Influx.Generators.Emitter;

/// <summary>
/// The row of <c>{Type}Query.Aggregate</c>, nested in the query class: the window's start, the tags (nullable: a tag
/// the window is not grouped by has no value) and one <c>double?</c> per field, because an aggregate is a number of its
/// own kind (the mean of integers is not an integer; a count of strings is a number). Read with no reflection, like the
/// measurement's own mapper, whose conversions it shares.
/// </summary>
internal static class WindowRowEmitter
{
    private static readonly TypeRef Double = new("Double", "Double", "double", SpecialType.System_Double);
    private static readonly TypeRef DateTimeOffset = new("DateTimeOffset", "DateTimeOffset", "global::System.DateTimeOffset", SpecialType.None);

    /// <summary>The nested row type's name: <c>WindowRow</c>, unless a member of the measurement has that name.</summary>
    public static string TypeName(MeasurementSpec spec) => spec.Members.Any(m => m.MetadataName == "WindowRow") ? "AggregateRow" : "WindowRow";

    public static void Emit(SourceWriter w, MeasurementSpec spec)
    {
        string self = spec.FullyQualifiedName;
        string name = TypeName(spec);
        string owner = QueryEmitter.QueryClassName(spec) + "." + name;
        string iface = Querying + "IQueryableMeasurement<" + name + ">";
        var members = RowMapperEmitter.InDeclarationOrder(spec);
        var columns = new List<(MemberSpec Member, string Column, string Doc)>();
        var time = spec.Members.FirstOrDefault(m => m.Kind == MemberKind.Timestamp);
        string timeName = time?.Identifier ?? (spec.Members.Any(m => m.MetadataName == "Time") ? "WindowStart" : "Time");
        var timeMember = new MemberSpec(timeName, timeName, "", "", MemberKind.Timestamp, ValueCategory.DateTimeOffset, DateTimeOffset,
            false, false, EquatableArray<EnumMemberSpec>.Empty, true, true, false, false, -1);
        columns.Add((timeMember, "time", "The window's start."));
        foreach (var tag in members.Where(m => m.Kind == MemberKind.Tag))
        {
            var nullable = tag with { IsNullableValueType = tag.Category != ValueCategory.String, IsNullable = true, IsInitOnly = true, IsSettable = true };
            columns.Add((nullable, tag.Key, "Tag <c>" + Xml(tag.Key) + "</c> of the window's group, or <see langword=\"null\"/> when the window is not grouped by it."));
        }
        foreach (var field in members.Where(m => m.Kind == MemberKind.Field))
        {
            var number = field with
            {
                Category = ValueCategory.Double, ValueType = Double, IsNullableValueType = true, IsNullable = true,
                EnumMembers = EquatableArray<EnumMemberSpec>.Empty, IsInitOnly = true, IsSettable = true,
            };
            columns.Add((number, field.Key, "The aggregate of field <c>" + Xml(field.Key) + "</c> over the window, or <see langword=\"null\"/> when it holds no value of it."));
        }

        w.WriteLine("/// <summary>");
        w.WriteLine("/// One window of <see cref=\"" + self + "\"/> points, from <see cref=\"Aggregate\"/>: the window's start, the tags it is");
        w.WriteLine("/// grouped by, and each field's aggregate as a number (the mean of integers is not an integer).");
        w.WriteLine("/// </summary>");
        w.WriteLine(GeneratedCodeAttribute);
        w.OpenBlock("public sealed class " + name + " : " + iface);
        w.WriteLine("// One array instance for every row: QueryRow.MapColumns caches the ordinals per response schema by reference.");
        w.WriteLine("private static readonly string[] s_queryColumns = new string[] { " + string.Join(", ", columns.Select(c => Literal(c.Column))) + " };");
        foreach (var (member, _, doc) in columns)
        {
            w.WriteLine();
            w.WriteLine("/// <summary>" + doc + "</summary>");
            w.WriteLine("public " + RowMapperEmitter.LocalType(member) + " " + member.Identifier + " { get; init; }");
        }
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine("static " + Querying + "MeasurementSchema " + iface + ".QuerySchema => QuerySchemaOf<" + self + ">();");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.OpenBlock("static " + name + " " + iface + ".ReadRow(in " + Querying + "QueryRow row)");
        w.WriteLine("var ordinals = row.MapColumns(s_queryColumns);");
        w.WriteLine("int i;");
        for (int k = 0; k < columns.Count; k++)
        {
            var member = columns[k].Member;
            string local = "m" + k.ToString(CultureInfo.InvariantCulture);
            w.WriteLine(RowMapperEmitter.LocalType(member) + " " + local + " = default;");
            RowMapperEmitter.ReadColumn(w, spec, member, k, local, owner);
        }
        w.WriteLine("return new " + name + "()");
        w.OpenBlock();
        for (int k = 0; k < columns.Count; k++) w.WriteLine(columns[k].Member.Identifier + " = m" + k.ToString(CultureInfo.InvariantCulture) + ",");
        w.CloseBlock(";");
        w.CloseBlock();
        w.CloseBlock();
    }
}
