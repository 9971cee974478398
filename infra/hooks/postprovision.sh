#!/bin/sh
# azd postprovision hook: writes src/BackgroundJobs.Functions/local.settings.json from the
# deployment outputs (azd passes them as environment variables), so `func start` runs locally
# against the deployed storage as the signed-in developer (DefaultAzureCredential; main.bicep gave
# AZURE_PRINCIPAL_ID the storage data roles).
# - A task hub of its own: sharing the deployed app's would let the two steal each other's work.
# - No SendGrid key: in Development mail goes to the .eml outbox; secrets stay in Key Vault.
# - No Application Insights: its local auth is off, and local runs need not pollute it.
set -eu

: "${AZURE_STORAGE_BLOB_ENDPOINT:?run through azd (azd provision), which sets the deployment outputs}"
: "${AZURE_STORAGE_QUEUE_ENDPOINT:?}" "${AZURE_STORAGE_TABLE_ENDPOINT:?}" "${STORAGE_CONTAINER:?}"
: "${SERVICE_BUS_NAMESPACE:?}" "${SERVICE_BUS_TOPIC:?}"

target="$(dirname "$0")/../../src/BackgroundJobs.Functions/local.settings.json"

cat > "$target" <<JSON
{
  "IsEncrypted": false,
  "Values": {
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
    "AZURE_FUNCTIONS_ENVIRONMENT": "Development",
    "AzureWebJobsStorage__blobServiceUri": "${AZURE_STORAGE_BLOB_ENDPOINT}",
    "AzureWebJobsStorage__queueServiceUri": "${AZURE_STORAGE_QUEUE_ENDPOINT}",
    "AzureWebJobsStorage__tableServiceUri": "${AZURE_STORAGE_TABLE_ENDPOINT}",
    "TaskHubName": "BackgroundJobsLocal",
    "Storage__BlobServiceUri": "${AZURE_STORAGE_BLOB_ENDPOINT}",
    "Storage__Container": "${STORAGE_CONTAINER}",
    "SendGrid__ApiKey": "",
    "Email__From": "${EMAIL_FROM:-noreply@example.com}",
    "Email__OutboxPath": ".data/outbox",
    "ServiceBus__FullyQualifiedNamespace": "${SERVICE_BUS_NAMESPACE}",
    "ServiceBus__Topic": "${SERVICE_BUS_TOPIC}"
  }
}
JSON
echo "Wrote $target (local func start against the deployed storage, as you)."
