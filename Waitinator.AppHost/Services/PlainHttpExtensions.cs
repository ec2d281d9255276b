// The certificate annotations and WithoutHttpsCertificate are marked experimental; they are how a resource says it
// serves no HTTPS.
#pragma warning disable ASPIRECERTIFICATES001

namespace Waitinator.AppHost.Services;

/// <summary>The lab serves plain HTTP on loopback, so no resource is configured for HTTPS.</summary>
public static class PlainHttpExtensions
{
    /// <summary>
    /// Aspire gives every project (and Redis's container) a callback that would hand it an HTTPS certificate; with one in
    /// the model it looks for a trusted development certificate at start and, finding none, puts a red "No trusted
    /// development certificate" banner on every dashboard page. Just before the start, every resource that has such a
    /// callback, whichever part of the lab added it, is told to use no certificate.
    /// </summary>
    public static IDistributedApplicationBuilder ServePlainHttp(this IDistributedApplicationBuilder builder)
    {
        builder.Eventing.Subscribe<BeforeStartEvent>((start, _) =>
        {
            foreach (var resource in start.Model.Resources.Where(r => r.Annotations.OfType<HttpsCertificateConfigurationCallbackAnnotation>().Any()))
            {
                switch (resource)
                {
                    case ProjectResource project:
                        builder.CreateResourceBuilder(project).WithoutHttpsCertificate();
                        break;
                    case ExecutableResource executable:
                        builder.CreateResourceBuilder(executable).WithoutHttpsCertificate();
                        break;
                    case ContainerResource container:
                        builder.CreateResourceBuilder(container).WithoutHttpsCertificate();
                        break;
                }
            }

            return Task.CompletedTask;
        });
        return builder;
    }
}
