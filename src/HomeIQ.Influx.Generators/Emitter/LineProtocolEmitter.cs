using System.Globalization;
using HomeIQ.Influx.Generators.Common;
using HomeIQ.Influx.Generators.Model;
using static HomeIQ.Influx.Generators.Emitter.EmitHelpers;

namespace HomeIQ.Influx.Generators.Emitter;

// One emitter per generated purpose, each from the same MeasurementSpec: this one writes the line-protocol
// serializer ({Type}.LineProtocol.g.cs). The typed writer ({Type}Writer) and typed query class ({Type}Query) get
// their own emitters beside it (WriterEmitter.cs, QueryEmitter.cs) and their own RegisterSourceOutput calls.

/// <summary>Model in, text out: implements <c>ILineProtocolPoint&lt;T&gt;</c> for one measurement type.</summary>
internal static class LineProtocolEmitter
{
    public const string Purpose = "LineProtocol";

    public static string Emit(MeasurementSpec spec)
    {
        var w = new SourceWriter();
        Open(w, spec, nested: true);

        string self = spec.FullyQualifiedName;
        string iface = Runtime + "ILineProtocolPoint<" + self + ">";
        w.OpenBlock(spec.Type.PartialDeclaration + " : " + iface);

        // Explicit implementations keep the user's type free of extra public members (no name clashes).
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine(GeneratedCodeAttribute);
        w.WriteLine("static string " + iface + ".MeasurementName => " + Literal(spec.MeasurementName) + ";");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine(GeneratedCodeAttribute);
        w.OpenBlock("static void " + iface + ".WriteLineProtocol(ref " + Runtime + "LineProtocolWriter writer, in " + self + " point)");
        WriteBody(w, spec);
        w.CloseBlock();

        w.CloseBlock();
        Close(w, spec, nested: true);
        return w.ToString();
    }

    private static void WriteBody(SourceWriter w, MeasurementSpec spec)
    {
        if (spec.Type.Kind is TypeKindSpec.Class or TypeKindSpec.RecordClass)
        {
            w.WriteLine("if (point is null) throw new global::System.ArgumentNullException(nameof(point));");
        }
        // The member being written, so an error names it; a string store per member costs next to nothing.
        w.WriteLine("string? member = null;");
        w.OpenBlock("try");
        string constantName = U8(LineProtocolNames.EscapeMeasurement(spec.MeasurementName));
        if (spec.MeasurementNameMember is { } nameMember)
        {
            // A run-time name is escaped and validated by the writer (nothing allocated); null means the declared name.
            w.WriteLine("member = " + Literal(nameMember.MetadataName) + ";");
            w.WriteLine("if (point." + nameMember.Identifier + " is { } measurementName) writer.BeginPoint(measurementName);");
            w.WriteLine("else writer.BeginPoint(" + constantName + ");");
        }
        else
        {
            w.WriteLine("writer.BeginPoint(" + constantName + ");");
        }
        int local = 0;
        foreach (var member in spec.Members)
        {
            if (member.Kind == MemberKind.MeasurementName) continue;
            w.WriteLine("member = " + Literal(member.MetadataName) + ";");
            WriteMember(w, spec, member, ref local);
        }
        w.WriteLine("member = null;");
        w.WriteLine("writer.EndPoint();");
        w.CloseBlock();
        w.OpenBlock("catch (" + Runtime + "LineProtocolException ex)");
        w.WriteLine("throw ex.WithSource(" + Literal(spec.DisplayName) + ", member);");
        w.CloseBlock();
    }

    private static void WriteMember(SourceWriter w, MeasurementSpec spec, MemberSpec member, ref int local)
    {
        string access = "point." + member.Identifier;
        string value = access;
        bool guarded = false;
        if (member.IsNullableValueType)
        {
            // Read once into a local: a null value omits the tag or field (or lets the server stamp the time).
            value = "v" + (local++).ToString(CultureInfo.InvariantCulture);
            w.OpenBlock("if (" + access + " is { } " + value + ")");
            guarded = true;
        }

        string key = U8(member.EscapedKey);
        switch (member.Kind)
        {
            case MemberKind.Tag:
                switch (member.Category)
                {
                    case ValueCategory.Enum:
                        WriteEnumSwitch(w, member, value, key, "WriteEscapedTag", LineProtocolNames.EscapeKey, "WriteTag");
                        break;
                    case ValueCategory.Int64:
                        w.WriteLine("writer.WriteTag(" + key + ", (long)" + value + ");");
                        break;
                    case ValueCategory.UInt64:
                        w.WriteLine("writer.WriteTag(" + key + ", (ulong)" + value + ");");
                        break;
                    case ValueCategory.Bool when spec.Origin == MappingOrigin.InfluxDBClient:
                        var (yes, no) = BoolTagText(spec);
                        w.WriteLine("writer.WriteEscapedTag(" + key + ", " + value + " ? " + U8(yes) + " : " + U8(no) + ");");
                        break;
                    default:
                        w.WriteLine("writer.WriteTag(" + key + ", " + value + ");");
                        break;
                }
                break;
            case MemberKind.Field:
                if (member.Category == ValueCategory.Enum)
                    WriteEnumSwitch(w, member, value, key, "WriteEscapedStringField", EscapeStringField, "WriteField");
                else if (member.Category == ValueCategory.Int64 && IsUnsigned(member.ValueType))
                    w.WriteLine("writer.WriteField(" + key + ", (long)" + value + ");"); // an `i` field: InfluxDB 1.x refuses `u`
                else if (member.Category == ValueCategory.Guid)
                    w.WriteLine("writer.WriteField(" + key + ", " + value + ".ToString());"); // InfluxDB.Client's models: a string field
                else
                    w.WriteLine("writer.WriteField(" + key + ", " + value + ");");
                break;
            default:
                w.WriteLine("writer.WriteTimestamp(" + value + ");");
                break;
        }

        if (guarded) w.CloseBlock();
    }

    // Named enum values become constant UTF-8 literals (no ToString, no allocation); other values (flag
    // combinations, undeclared numbers) fall back to ToString(), which the writer escapes at run time.
    private static void WriteEnumSwitch(SourceWriter w, MemberSpec member, string value, string key, string escapedMethod,
        System.Func<string, string> escape, string fallbackMethod)
    {
        w.OpenBlock("switch (" + value + ")");
        foreach (var name in member.EnumMembers)
        {
            w.WriteLine("case " + member.ValueType.FullyQualifiedName + "." + name.Identifier + ":");
            w.Indent();
            w.WriteLine("writer." + escapedMethod + "(" + key + ", " + U8(escape(name.MetadataName)) + ");");
            w.WriteLine("break;");
            w.Unindent();
        }
        w.WriteLine("default:");
        w.Indent();
        w.WriteLine("writer." + fallbackMethod + "(" + key + ", " + value + ".ToString());");
        w.WriteLine("break;");
        w.Unindent();
        w.CloseBlock();
    }

    private static bool IsUnsigned(TypeRef type) =>
        type.SpecialType is Microsoft.CodeAnalysis.SpecialType.System_Byte or Microsoft.CodeAnalysis.SpecialType.System_UInt16
            or Microsoft.CodeAnalysis.SpecialType.System_UInt32;

    private static string EscapeStringField(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
