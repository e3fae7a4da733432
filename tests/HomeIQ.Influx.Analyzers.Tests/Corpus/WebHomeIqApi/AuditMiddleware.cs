using HomeIQ.Influx;

namespace HomeApi;

// Records every mutating request in the audit measurement.
public sealed class AuditMiddleware(RequestDelegate next, IConfiguration configuration)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (HttpMethods.IsGet(context.Request.Method)) return;

        var options = new InfluxClientOptions { Url = new Uri(configuration["Audit:Url"]!), Api = InfluxApiVersion.V1, Database = "audit" };
        await using var client = new InfluxClient(options); // expect: HIQ002
        await using var writer = new AuditEntryWriter(client); // expect: HIQ002
        await writer.WriteAsync(new AuditEntry
        {
            User = context.User.Identity?.Name ?? "anonymous",
            Action = context.Request.Method + " " + context.Request.Path,
            Time = DateTime.Now, // expect: HIQ005
        });
    }
}
