using HomeIQ.Influx.Generators.Model;

namespace HomeIQ.Influx.Generators.Emitter;

/// <summary>
/// Model in, text out: the query side of a measurement, one file ({Type}.Query.g.cs) as docs/design/generated-query.md
/// specifies it, written by three emitters: <see cref="RowMapperEmitter"/> (<c>IQueryableMeasurement&lt;T&gt;</c>, no
/// reflection), <see cref="QueryClassEmitter"/> (the fluent <c>{Type}Query</c> with typed tag and field methods) and
/// <see cref="QueryExtensionsEmitter"/> (the <c>Query{Type}(this InfluxClient)</c> entry point).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Nothing is emitted when rows cannot be read into the type (<see cref="MeasurementSpec.QueryMapperProblem"/>,
/// reported as HIQ108).</item>
/// <item>Generic types get the mapper only (so <c>InfluxClient.Query&lt;T&gt;()</c> works with a closed type), no
/// query class.</item>
/// <item>The query class sits beside the type (in the same containing types for a nested one) with the type's
/// accessibility. The extension class must be a top-level static class (see <see cref="QueryExtensionsEmitter"/>).</item>
/// </list>
/// </remarks>
internal static class QueryEmitter
{
    public const string Purpose = "Query";

    /// <summary>Whether anything is emitted for <paramref name="spec"/>.</summary>
    public static bool Applies(MeasurementSpec spec) => spec.QueryMapperProblem is null;

    public static string Emit(MeasurementSpec spec)
    {
        var w = new SourceWriter();
        EmitHelpers.Open(w, spec, nested: true);
        bool queryClass = !EmitHelpers.IsGenericAnywhere(spec);

        RowMapperEmitter.Emit(w, spec);
        if (queryClass)
        {
            w.WriteLine();
            QueryClassEmitter.Emit(w, spec);
        }
        EmitHelpers.CloseContainingTypes(w, spec);

        if (queryClass && EmitHelpers.NamespaceLevelKeyword(spec) is { } access)
        {
            w.WriteLine();
            QueryExtensionsEmitter.Emit(w, spec, access);
        }
        EmitHelpers.CloseNamespace(w, spec);
        return w.ToString();
    }

    /// <summary>The <c>global::</c>-qualified name of the generated <c>{Type}Query</c>, beside the measurement.</summary>
    public static string QueryClassFullName(MeasurementSpec spec) => spec.ContainerPrefix + QueryClassName(spec);

    /// <summary>The simple name of the generated <c>{Type}Query</c>.</summary>
    public static string QueryClassName(MeasurementSpec spec) => spec.Type.Ref.MetadataName + "Query";
}
