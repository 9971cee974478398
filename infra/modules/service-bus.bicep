// Job events (completed, failed, canceled) go to one topic. Standard is the cheapest tier with
// topics. SAS keys are off: the app sends as its managed identity (Azure Service Bus Data Sender).
param name string
param location string
param tags object
param topicName string

@description('The app\'s user-assigned identity, in this resource group. Taken by name, not principal id, so role assignment names are known before deployment.')
param appIdentityName string

var dataSenderRoleId = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: appIdentityName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: topicName
}

resource senderRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, appIdentity.id, dataSenderRoleId)
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSenderRoleId)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The host name, not an endpoint URL: Azure.Messaging.ServiceBus takes it with a TokenCredential.
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
output topicName string = topic.name
