// The Functions app on Flex Consumption (FC1): .NET isolated, runtime 10.0, running as its
// user-assigned identity for storage, the deployment package, Key Vault references, Service Bus
// and Application Insights.
param name string
param planName string
param location string
param tags object

@description('The service name in azure.yaml; azd finds the app by this tag when it deploys.')
param serviceName string

param identityId string
param identityClientId string

@description('URL of the blob container that holds the deployment package.')
param deploymentContainerUrl string

param maximumInstanceCount int
param instanceMemoryMB int

@description('App settings: the app\'s own settings, merged with the host\'s identity-based connections.')
param appSettings object

param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string
param applicationInsightsConnectionString string

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve as the user-assigned identity (the default is a system one, which this app has not).
    keyVaultReferenceIdentity: identityId
    siteConfig: { minTlsVersion: '1.2' }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
  }
}

// The host's own connections, all through the user-assigned identity.
var hostSettings = {
  // The host's storage (and the Durable task hub, host.json connectionName AzureWebJobsStorage).
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // DefaultAzureCredential in the app's own code picks the user-assigned identity by this.
  AZURE_CLIENT_ID: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

// Flex Consumption takes the worker runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION must not be set here.
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(appSettings, hostSettings)
}

output name string = app.name
output uri string = 'https://${app.properties.defaultHostName}'
