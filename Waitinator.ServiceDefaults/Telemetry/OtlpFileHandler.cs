using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Waitinator.Otlp;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Stands in for an OTLP/HTTP receiver inside the process: the OpenTelemetry SDK's own OTLP exporter maps spans,
/// metrics and logs to protobuf and posts them here, and each request becomes one line of OTLP/JSON in this process's
/// file for its signal. No socket, no mapping of ours that could drift from the exporter's.
/// </summary>
internal sealed class OtlpFileHandler(string directory, string service) : HttpMessageHandler
{
    /// <summary>The address the file exporters post to; .invalid never resolves, and nothing here resolves it.</summary>
    public static readonly Uri Endpoint = new("http://telemetry-files.invalid/");

    private readonly ConcurrentDictionary<OtlpSignal, TelemetryFile> _files = new();

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not { } uri || OtlpSignal.OfPath(uri.AbsolutePath) is not { } signal || request.Content is null)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        string line;
        try
        {
            line = signal.ProtobufToJson(Body(request.Content, cancellationToken));
        }
        catch (InvalidProtocolBufferException)
        {
            return new HttpResponseMessage(HttpStatusCode.BadRequest);
        }

        try
        {
            _files.GetOrAdd(signal, s => new TelemetryFile(directory, service, s.FileSuffix)).Append(line);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Not retried: the next export brings fresher data, and the exporter logs the failure.
            return new HttpResponseMessage(HttpStatusCode.InternalServerError) { ReasonPhrase = exception.Message };
        }

        var response = new ByteArrayContent(signal.EmptyResponse);
        response.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = response, RequestMessage = request };
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Send(request, cancellationToken));

    private static byte[] Body(HttpContent content, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        using (var stream = content.ReadAsStream(cancellationToken))
        {
            if (content.Headers.ContentEncoding.Contains("gzip"))
            {
                using var gzip = new GZipStream(stream, CompressionMode.Decompress);
                gzip.CopyTo(body);
            }
            else
            {
                stream.CopyTo(body);
            }
        }

        return body.ToArray();
    }
}
