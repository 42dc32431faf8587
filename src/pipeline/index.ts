export { createPipeline, type IngestOutcome, type Pipeline, type PipelineOptions, type RawRecord, type Rejection } from './pipeline.ts';
export { QueueFullError } from './serial-queue.ts';
