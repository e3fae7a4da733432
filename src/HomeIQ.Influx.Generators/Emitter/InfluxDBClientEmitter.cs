using System.Linq;
using HomeIQ.Influx.Generators.Model;
using static HomeIQ.Influx.Generators.Emitter.EmitHelpers;

namespace HomeIQ.Influx.Generators.Emitter;

/// <summary>
/// Model in, text out: for a partial class with InfluxDB.Client's <c>[Measurement]</c>, extension methods on InfluxDB.Client's
/// own APIs with the arguments of the calls its users already make (precision, bucket, org, cancellation), through the
/// generated serializer and row mapper: <c>Write{Type}Async</c> on <c>IWriteApiAsync</c> (like <c>WriteMeasurement(s)Async</c>),
/// <c>Write{Type}</c> on the batching <c>IWriteApi</c> (like <c>WriteMeasurement(s)</c>) and <c>Query{Type}Async</c> on
/// <c>IQueryApi</c> (like <c>QueryAsync&lt;T&gt;</c>, Flux). The user keeps their InfluxDB.Client, its options and batching.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Why not the same names: InfluxDB.Client's <c>WriteMeasurementsAsync&lt;TM&gt;</c> and <c>QueryAsync&lt;T&gt;</c> are
/// instance methods that accept any type, and C# considers extension methods only when no instance method applies, so
/// an extension of the same name is never called (C# looks for extension methods only when no instance method applies).</item>
/// <item>Why per type and not one generic class: every assembly that has such types would emit the same generic
/// methods, and an assembly that sees another's internals (<c>InternalsVisibleTo</c>, as test projects do) would find
/// both and fail with CS0121. Writes are overloads by parameter type; the query has the type in its name because its
/// parameters are the same for every type (as <c>Query{Type}()</c> on <c>InfluxClient</c>).</item>
/// <item>Lines go through InfluxDB.Client's <c>WriteRecordAsync</c> (one body per call, as <c>WriteMeasurementsAsync</c>
/// sends) and <c>WriteRecords</c> (one record per point, so the batching <c>WriteApi</c> counts points as before).</item>
/// <item>A class that is not sealed may hold a derived instance, whose own <c>[Column]</c> properties InfluxDB.Client
/// writes (it maps the run-time type) and the generated serializer would not: such a value is refused, loudly.</item>
/// <item>Only for types a namespace-level class can name (not private or protected nested ones) and not generic.</item>
/// </list>
/// </remarks>
internal static class InfluxDBClientEmitter
{
    public const string Purpose = "InfluxDBClient";

    private const string Client = "global::InfluxDB.Client.";
    private const string ClientPrecision = "global::InfluxDB.Client.Api.Domain.WritePrecision";
    private const string Task = "global::System.Threading.Tasks.Task";
    private const string Token = "global::System.Threading.CancellationToken";
    private const string Enumerable = "global::System.Collections.Generic.IEnumerable";

    /// <summary>Whether the extension class is emitted for <paramref name="spec"/>.</summary>
    public static bool Applies(MeasurementSpec spec) =>
        spec.Origin == MappingOrigin.InfluxDBClient && !IsGenericAnywhere(spec) && NamespaceLevelKeyword(spec) is not null;

    /// <summary>The name of the write methods: <c>Write{Type}</c>, or <c>Write{Type}Generated</c> when that is InfluxDB.Client's own name.</summary>
    public static string WriteName(MeasurementSpec spec)
    {
        string name = "Write" + PathName(spec);
        // WriteMeasurement(s)(Async) are InfluxDB.Client's instance methods for any type: an extension of that name is never called.
        return name is "WriteMeasurement" or "WriteMeasurements" ? name + "Generated" : name;
    }

    /// <summary>The name of the query method: <c>Query{Type}Async</c>.</summary>
    public static string QueryName(MeasurementSpec spec) => "Query" + PathName(spec) + "Async";

    public static string Emit(MeasurementSpec spec)
    {
        var w = new SourceWriter();
        Open(w, spec, nested: false);
        string self = spec.FullyQualifiedName;
        string write = WriteName(spec);
        bool exact = !spec.Type.IsSealed;
        string single = exact ? "Exact(measurement)" : "measurement";
        string many = exact ? "Exact(measurements)" : "measurements";
        string common = ClientPrecision + " precision = " + ClientPrecision + ".Ns, string? bucket = null, string? org = null";
        string see = "<see cref=\"" + self + "\"/>";

        w.WriteLine("/// <summary>");
        w.WriteLine("/// InfluxDB.Client's write and query calls for " + see + " through its generated serializer and row mapper: the");
        w.WriteLine("/// arguments of <c>WriteMeasurementsAsync</c>, <c>WriteMeasurements</c> and <c>QueryAsync&lt;T&gt;</c>, the same client,");
        w.WriteLine("/// options and batching, no reflection. (C# prefers InfluxDB.Client's own methods of those names, so these have their own.)");
        w.WriteLine("/// </summary>");
        w.WriteLine(GeneratedCodeAttribute);
        w.OpenBlock(NamespaceLevelKeyword(spec) + " static partial class " + PathName(spec) + "InfluxDBClientExtensions");

        // IWriteApiAsync: one request per call, like WriteMeasurementAsync / WriteMeasurementsAsync.
        Doc(w, "Writes <paramref name=\"measurement\"/> now, as <c>WriteMeasurementAsync</c> does, with the generated serializer.", "writeApi",
            "The write API of the InfluxDB.Client to send through.", "measurement", "The point.", async: true);
        w.WriteLine("public static " + Task + " " + write + "Async(this " + Client + "IWriteApiAsync writeApi, " + self + " measurement, " + common +
            ", " + Token + " cancellationToken = default)");
        w.OpenBlock();
        w.WriteLine("if (writeApi is null) throw new global::System.ArgumentNullException(nameof(writeApi));");
        w.WriteLine("return writeApi.WriteRecordAsync(" + Runtime + "LineProtocol.ToLine(" + single + ", Precision(precision)), precision, bucket, org, cancellationToken);");
        w.CloseBlock();
        w.WriteLine();
        Doc(w, "Writes <paramref name=\"measurements\"/> now in one request, as <c>WriteMeasurementsAsync</c> does, with the generated serializer. " +
            "Every point is serialized first: one that cannot be written throws before anything is sent.", "writeApi",
            "The write API of the InfluxDB.Client to send through.", "measurements", "The points, enumerated once.", async: true);
        w.WriteLine("public static " + Task + " " + write + "Async(this " + Client + "IWriteApiAsync writeApi, " + Enumerable + "<" + self + "> measurements, " + common +
            ", " + Token + " cancellationToken = default)");
        w.OpenBlock();
        w.WriteLine("if (writeApi is null) throw new global::System.ArgumentNullException(nameof(writeApi));");
        w.WriteLine("if (measurements is null) throw new global::System.ArgumentNullException(nameof(measurements));");
        w.WriteLine("string records = " + Runtime + "LineProtocol.ToText(" + many + ", Precision(precision));");
        w.WriteLine("return records.Length == 0 ? " + Task + ".CompletedTask : writeApi.WriteRecordAsync(records, precision, bucket, org, cancellationToken);");
        w.CloseBlock();
        w.WriteLine();

        // IWriteApi: InfluxDB.Client's batching writer, one record per point so its batch size still counts points.
        Doc(w, "Hands <paramref name=\"measurement\"/> to the batching write API, as <c>WriteMeasurement</c> does, with the generated serializer.", "writeApi",
            "The batching write API of the InfluxDB.Client.", "measurement", "The point.", async: false);
        w.WriteLine("public static void " + write + "(this " + Client + "IWriteApi writeApi, " + self + " measurement, " + common + ")");
        w.OpenBlock();
        w.WriteLine("if (writeApi is null) throw new global::System.ArgumentNullException(nameof(writeApi));");
        w.WriteLine("writeApi.WriteRecord(" + Runtime + "LineProtocol.ToLine(" + single + ", Precision(precision)), precision, bucket, org);");
        w.CloseBlock();
        w.WriteLine();
        Doc(w, "Hands <paramref name=\"measurements\"/> to the batching write API, one record per point, as <c>WriteMeasurements</c> does, with the generated serializer. " +
            "Every point is serialized first: one that cannot be written throws before any is handed over.", "writeApi",
            "The batching write API of the InfluxDB.Client.", "measurements", "The points, enumerated once.", async: false);
        w.WriteLine("public static void " + write + "(this " + Client + "IWriteApi writeApi, " + Enumerable + "<" + self + "> measurements, " + common + ")");
        w.OpenBlock();
        w.WriteLine("if (writeApi is null) throw new global::System.ArgumentNullException(nameof(writeApi));");
        w.WriteLine("if (measurements is null) throw new global::System.ArgumentNullException(nameof(measurements));");
        w.WriteLine("writeApi.WriteRecords(" + Runtime + "LineProtocol.ToLines(" + many + ", Precision(precision)), precision, bucket, org);");
        w.CloseBlock();

        if (QueryEmitter.Applies(spec)) EmitQuery(w, spec);

        w.WriteLine();
        w.WriteLine("// InfluxDB.Client's precision as HomeIQ.Influx's: the unit the timestamps are written in, and the one sent with them.");
        w.WriteLine("private static " + Runtime + "WritePrecision Precision(" + ClientPrecision + " precision) => precision switch");
        w.OpenBlock();
        w.WriteLine(ClientPrecision + ".Ns => " + Runtime + "WritePrecision.Nanoseconds,");
        w.WriteLine(ClientPrecision + ".Us => " + Runtime + "WritePrecision.Microseconds,");
        w.WriteLine(ClientPrecision + ".Ms => " + Runtime + "WritePrecision.Milliseconds,");
        w.WriteLine(ClientPrecision + ".S => " + Runtime + "WritePrecision.Seconds,");
        w.WriteLine("_ => throw new global::System.ArgumentOutOfRangeException(nameof(precision), precision, \"Unknown InfluxDB.Client write precision.\"),");
        w.CloseBlock(";");
        if (exact) EmitExact(w, spec);
        w.CloseBlock();
        CloseNamespace(w, spec);
        return w.ToString();
    }

    private static void EmitQuery(SourceWriter w, MeasurementSpec spec)
    {
        string self = spec.FullyQualifiedName;
        w.WriteLine();
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Runs the Flux <paramref name=\"query\"/> and reads every row into a <see cref=\"" + self + "\"/> with the generated row mapper, as");
        w.WriteLine("/// <c>QueryAsync&lt;T&gt;</c> does by reflection: tags and fields by their keys, the timestamp from <c>_time</c>.");
        w.WriteLine("/// The query goes through InfluxDB.Client's <c>QueryRawAsync</c> (annotated CSV).");
        w.WriteLine("/// </summary>");
        w.WriteLine("/// <param name=\"queryApi\">The query API of the InfluxDB.Client to query through.</param>");
        w.WriteLine("/// <param name=\"query\">The Flux query.</param>");
        w.WriteLine("/// <param name=\"org\">The organization; InfluxDB.Client's default when <see langword=\"null\"/>.</param>");
        w.WriteLine("/// <param name=\"cancellationToken\">Cancels the query.</param>");
        w.WriteLine("/// <returns>The rows, in the order of the answer.</returns>");
        w.WriteLine("/// <exception cref=\"" + Querying + "InfluxRowMappingException\">A value does not fit its member; the message names the column and member.</exception>");
        w.WriteLine("public static async " + Task + "<global::System.Collections.Generic.List<" + self + ">> " + QueryName(spec) + "(this " + Client +
            "IQueryApi queryApi, string query, string? org = null, " + Token + " cancellationToken = default)");
        w.OpenBlock();
        w.WriteLine("if (queryApi is null) throw new global::System.ArgumentNullException(nameof(queryApi));");
        w.WriteLine("string csv = await queryApi.QueryRawAsync(query, null, org, cancellationToken).ConfigureAwait(false);");
        w.WriteLine("var rows = new global::System.Collections.Generic.List<" + self + ">();");
        w.WriteLine("await using var reader = " + Querying + "QueryResultReader.CreateFluxCsv(new global::System.IO.MemoryStream(global::System.Text.Encoding.UTF8.GetBytes(csv)));");
        w.WriteLine("while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(reader.ReadCurrent<" + self + ">());");
        w.WriteLine("return rows;");
        w.CloseBlock();
    }

    private static void EmitExact(SourceWriter w, MeasurementSpec spec)
    {
        string self = spec.FullyQualifiedName;
        string name = spec.Type.Ref.MetadataName;
        w.WriteLine();
        w.WriteLine("// InfluxDB.Client maps the run-time type: a derived instance's own [Column] properties would be written there, and not by");
        w.WriteLine("// the serializer of " + OneLine(name) + ". Refused rather than written with members missing.");
        w.WriteLine("private static " + self + " Exact(" + self + " measurement)");
        w.OpenBlock();
        w.WriteLine("if (measurement is not null && measurement.GetType() != typeof(" + self + "))");
        w.OpenBlock();
        w.WriteLine("throw new global::System.ArgumentException(\"A '\" + measurement.GetType().FullName + " + Literal("' derives from '" + spec.DisplayName +
            "', whose generated serializer writes only its own columns (InfluxDB.Client would also write the derived class's). ") + " +");
        w.Indent();
        w.WriteLine(Literal("Write it with InfluxDB.Client's WriteMeasurementsAsync, or give the derived class [Measurement] and make it partial.") + ", nameof(measurement));");
        w.Unindent();
        w.CloseBlock();
        w.WriteLine("return measurement!;");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("private static " + Enumerable + "<" + self + "> Exact(" + Enumerable + "<" + self + "> measurements)");
        w.OpenBlock();
        w.WriteLine("foreach (var measurement in measurements) yield return Exact(measurement);");
        w.CloseBlock();
    }

    private static void Doc(SourceWriter w, string summary, string receiver, string receiverDoc, string value, string valueDoc, bool async)
    {
        w.WriteLine("/// <summary>" + summary + "</summary>");
        w.WriteLine("/// <param name=\"" + receiver + "\">" + receiverDoc + "</param>");
        w.WriteLine("/// <param name=\"" + value + "\">" + valueDoc + "</param>");
        w.WriteLine("/// <param name=\"precision\">The unit of the timestamps, sent with them.</param>");
        w.WriteLine("/// <param name=\"bucket\">The bucket; InfluxDB.Client's default when <see langword=\"null\"/>.</param>");
        w.WriteLine("/// <param name=\"org\">The organization; InfluxDB.Client's default when <see langword=\"null\"/>.</param>");
        if (async) w.WriteLine("/// <param name=\"cancellationToken\">Cancels the request.</param>");
        w.WriteLine("/// <exception cref=\"" + Runtime + "LineProtocolException\">A point cannot be written; the message names its type, member and value.</exception>");
    }

    // The type's name with the names of the types it is nested in, as QueryExtensionsEmitter names its class.
    private static string PathName(MeasurementSpec spec) =>
        string.Concat(spec.ContainingTypes.Select(t => t.Ref.MetadataName)) + spec.Type.Ref.MetadataName;
}
