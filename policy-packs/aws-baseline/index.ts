import { PolicyPack } from "@pulumi/policy";
import { awsBaseline } from "./pack";

new PolicyPack(awsBaseline.name, { description: awsBaseline.description, enforcementLevel: awsBaseline.enforcementLevel, policies: awsBaseline.policies });
