using System.Linq;
using HomeIQ.Influx.Generators.Emitter;
using HomeIQ.Influx.Generators.Model;
using HomeIQ.Influx.Generators.Parser;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HomeIQ.Influx.Generators;

/// <summary>
/// Generates, for every type marked <c>[HomeIQ.Influx.Measurement]</c>, an allocation-free line-protocol serializer
/// (<c>ILineProtocolPoint&lt;T&gt;</c>), a typed writer (<c>{Type}Writer</c>) and the query side (row mapper,
/// <c>{Type}Query</c>, <c>Query{Type}()</c>); for every partial class marked with InfluxDB.Client's
/// <c>[InfluxDB.Client.Core.Measurement]</c> the same, written as InfluxDB.Client writes it, plus extension methods on
/// InfluxDB.Client's write and query APIs. This file only wires the pipeline: <see cref="MeasurementParser"/> reads
/// symbols into a <see cref="MeasurementSpec"/>; <see cref="LineProtocolEmitter"/>, <see cref="WriterEmitter"/>,
/// <see cref="QueryEmitter"/> and <see cref="InfluxDBClientEmitter"/> turn the model into source;
/// <see cref="OrphanAttributeParser"/> finds mapping attributes that no measurement reads (HIQ109).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MeasurementGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                MeasurementParser.MeasurementAttributeName,
                static (node, _) => node is ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax,
                static (ctx, ct) => MeasurementParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.Parse);
        RegisterOutputs(context, results, TrackingNames.Diagnostics, TrackingNames.Specs, TrackingNames.WriterSpecs, TrackingNames.QuerySpecs);

        // HIQ109: mapping attributes outside a measurement, unless a measurement derives from their type.
        var measurementBases = results
            .Select(static (r, _) => r.BaseTypeNames)
            .Collect()
            .Select(static (all, _) => all.SelectMany(static names => names).Distinct().OrderBy(static n => n, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.MeasurementBases);
        ReportOrphans(context, measurementBases, MappingAttributes.TagAttributeName, "Tag");
        ReportOrphans(context, measurementBases, MappingAttributes.FieldAttributeName, "Field");
        ReportOrphans(context, measurementBases, MappingAttributes.TimestampAttributeName, "Timestamp");
        ReportOrphans(context, measurementBases, MappingAttributes.MeasurementNameAttributeName, "MeasurementName");

        // InfluxDB.Client's [Measurement] on a partial class: a second pipeline with the same outputs. In a compilation
        // without InfluxDB.Client no attribute binds to it, so its transform never runs (IncrementalTests checks that no
        // step of it produces anything).
        var clientResults = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                MeasurementParser.ClientMeasurementAttributeName,
                static (node, _) => MeasurementParser.IsPartialClass(node),
                static (ctx, ct) => MeasurementParser.ParseInfluxDBClient(ctx, ct))
            .WithTrackingName(TrackingNames.ClientParse);
        var clientSpecs = RegisterOutputs(context, clientResults,
            TrackingNames.ClientDiagnostics, TrackingNames.ClientSpecs, TrackingNames.ClientWriterSpecs, TrackingNames.ClientQuerySpecs);
        context.RegisterSourceOutput(clientSpecs.Where(InfluxDBClientEmitter.Applies).WithTrackingName(TrackingNames.ClientExtensionSpecs), static (spc, spec) =>
            spc.AddSource(spec.HintName(InfluxDBClientEmitter.Purpose), InfluxDBClientEmitter.Emit(spec)));
    }

    // The outputs every measurement gets: its diagnostics, the serializer, the typed writer and the query side.
    private static IncrementalValuesProvider<MeasurementSpec> RegisterOutputs(IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<ParseResult> results, string diagnosticsStep, string specsStep, string writerStep, string queryStep)
    {
        // Diagnostics have their own output so that a new or fixed diagnostic does not regenerate source, and
        // source is not regenerated when only a diagnostic changed.
        var diagnostics = results
            .Select(static (r, _) => r.Diagnostics)
            .WithTrackingName(diagnosticsStep);
        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var info in list) spc.ReportDiagnostic(info.ToDiagnostic());
        });

        var specs = results
            .Where(static r => r.Spec is not null)
            .Select(static (r, _) => r.Spec!)
            .WithTrackingName(specsStep);

        context.RegisterSourceOutput(specs, static (spc, spec) =>
            spc.AddSource(spec.HintName(LineProtocolEmitter.Purpose), LineProtocolEmitter.Emit(spec)));

        // The typed writer and the query side come from the same cached model: an unchanged type re-emits nothing.
        context.RegisterSourceOutput(specs.Where(WriterEmitter.Applies).WithTrackingName(writerStep), static (spc, spec) =>
            spc.AddSource(spec.HintName(WriterEmitter.Purpose), WriterEmitter.Emit(spec)));

        context.RegisterSourceOutput(specs.Where(QueryEmitter.Applies).WithTrackingName(queryStep), static (spc, spec) =>
            spc.AddSource(spec.HintName(QueryEmitter.Purpose), QueryEmitter.Emit(spec)));
        return specs;
    }

    private static void ReportOrphans(IncrementalGeneratorInitializationContext context, IncrementalValueProvider<EquatableArray<string>> bases,
        string attributeName, string displayName)
    {
        var orphans = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attributeName,
                static (node, _) => OrphanAttributeParser.MayBeOutsideAMeasurement(node),
                (ctx, ct) => OrphanAttributeParser.Parse(ctx, displayName, ct))
            .Where(static o => o is not null)
            .WithTrackingName(TrackingNames.OrphanAttributes);
        var reports = orphans
            .Combine(bases)
            .Select(static (pair, _) => pair.Left!.AlwaysReport || !pair.Right.Contains(pair.Left.TypeName) ? pair.Left.Diagnostic : null)
            .WithTrackingName(TrackingNames.OrphanDiagnostics);
        context.RegisterSourceOutput(reports, static (spc, info) =>
        {
            if (info is not null) spc.ReportDiagnostic(info.ToDiagnostic());
        });
    }
}
